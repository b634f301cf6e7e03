package weka.classifiers.functions.bnmlp.cpu;

import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One thread's working space for {@link CpuKernels}: float rows that the JIT can vectorize over,
 * column accumulators, and its own native views of the arrays (a buffer's position and a pointer's
 * offset are per-view state, so threads must not share them). Also holds the column loops of batch
 * normalization, each over a range of columns {@code [c0, c1)} of a row-major {@code [rows, n]} matrix.
 */
final class CpuScratch {

  /** Rows of partial column sums kept in float (which vectorizes) before they are added up in double. */
  private static final int BLOCK_ROWS = 64;
  private static final int MAX_CACHED_VIEWS = 512;

  private final Map<INDArray, FloatBuffer> buffers = new IdentityHashMap<>();
  private final Map<INDArray, FloatPointer> pointers = new IdentityHashMap<>();

  float[] a = new float[0];
  float[] b = new float[0];
  float[] c = new float[0];
  float[] d = new float[0];
  /** Per-column block sums (float) and totals (double). */
  private float[] block1 = new float[0];
  private float[] block2 = new float[0];
  private double[] sums1 = new double[0];
  private double[] sums2 = new double[0];
  /** This piece's partial result of a reduction (a loss). */
  double total;

  private double[] doubles = new double[0];

  /** A double scratch row of at least {@code 2 * c} values. */
  double[] doubles(int c) {
    if (doubles.length < 2 * c) {
      doubles = new double[2 * c];
    }
    return doubles;
  }

  void forget() {
    buffers.clear();
    pointers.clear();
  }

  /** Scratch rows of {@code width} values from the start (see {@link CpuParts#widest}). */
  CpuScratch(int width) {
    ensure(width);
    doubles(width);
  }

  /** The values a scratch row holds now. */
  int width() {
    return Math.max(a.length, doubles.length / 2);
  }

  void ensure(int n) {
    if (a.length < n) {
      a = new float[n];
      b = new float[n];
      c = new float[n];
      d = new float[n];
      block1 = new float[n];
      block2 = new float[n];
      sums1 = new double[n];
      sums2 = new double[n];
    }
  }

  FloatBuffer buffer(INDArray array) {
    FloatBuffer view = buffers.get(array);
    return view != null ? view : newBuffer(array);
  }

  // The views are made in methods of their own: every kernel step looks its arrays up, and a step
  // that had the making inlined (ND4J's shape code, JavaCPP's pointer set-up) took the JIT 100-250 ms
  // to compile, during the first epochs, on the cores the training runs on.

  private FloatBuffer newBuffer(INDArray array) {
    FloatBuffer view = pointer(array).position(0).asBuffer();
    buffers.put(array, view);
    return view;
  }

  /** This thread's pointer to element {@code offset} of the array. */
  FloatPointer at(INDArray array, long offset) {
    return pointer(array).position(offset);
  }

  private FloatPointer pointer(INDArray array) {
    FloatPointer p = pointers.get(array);
    return p != null ? p : newPointer(array);
  }

  private FloatPointer newPointer(INDArray array) {
    if (pointers.size() >= MAX_CACHED_VIEWS) {
      forget(); // prediction creates arrays per call; never let the cache grow without bound
    }
    // the address already points at the array's first element, views included
    FloatPointer p = new FloatPointer(array.data().addressPointer());
    p.capacity(array.length());
    p.limit(array.length());
    pointers.put(array, p);
    return p;
  }

  static void read(FloatBuffer from, int offset, float[] into, int n) {
    from.position(offset);
    from.get(into, 0, n);
  }

  static void write(FloatBuffer to, int offset, float[] from, int n) {
    to.position(offset);
    to.put(from, 0, n);
  }

  /** {@code n} values of a vector from {@code offset}, into {@code into[0..n)}. */
  void readVector(INDArray v, int offset, float[] into, int n) {
    read(buffer(v), offset, into, n);
  }

  void writeVector(INDArray v, int offset, float[] from, int n) {
    write(buffer(v), offset, from, n);
  }

  /**
   * Rows {@code [r0, r1)} of the row-major {@code [rows, n]} matrix {@code m} set to the vector
   * {@code v}. A loop of its own: a kernel step with a loop over a prediction chunk's 1,024 rows inlined
   * is compiled twice (for the loop, then whole), and the first prediction waited for both.
   */
  void fillRows(INDArray m, int r0, int r1, int n, INDArray v) {
    ensure(n);
    readVector(v, 0, a, n);
    FloatBuffer mb = buffer(m);
    for (int r = r0; r < r1; r++) {
      write(mb, r * n, a, n);
    }
  }

  private void clearSums(int w) {
    java.util.Arrays.fill(sums1, 0, w, 0);
    java.util.Arrays.fill(sums2, 0, w, 0);
    java.util.Arrays.fill(block1, 0, w, 0);
    java.util.Arrays.fill(block2, 0, w, 0);
  }

  /** Moves the float block sums into the double totals. */
  private void flushBlock(int w) {
    for (int j = 0; j < w; j++) {
      sums1[j] += block1[j];
      sums2[j] += block2[j];
      block1[j] = 0;
      block2[j] = 0;
    }
  }

  /** Column sums of {@code [c0, c1)} into the first sums. */
  void columnSums(FloatBuffer m, int rows, int n, int c0, int c1) {
    int w = c1 - c0;
    ensure(n);
    clearSums(w);
    for (int r = 0; r < rows; r++) {
      read(m, r * n + c0, a, w);
      add(a, block1, w);
      if ((r + 1) % BLOCK_ROWS == 0) {
        flushBlock(w);
      }
    }
    flushBlock(w);
  }

  /** Writes the first sums of the range into {@code v[c0, c1)}. */
  void writeSums(INDArray v, int c0, int c1) {
    int w = c1 - c0;
    for (int j = 0; j < w; j++) {
      a[j] = (float) sums1[j];
    }
    writeVector(v, c0, a, w);
  }

  double[] sums1() {
    return sums1;
  }

  double[] sums2() {
    return sums2;
  }

  /** Column sums of {@code x - first} and of its square over rows {@code [r0, r1)}, into the sums. */
  void partialMoments(FloatBuffer x, int r0, int r1, int n, float[] first) {
    ensure(n);
    clearSums(n);
    for (int r = r0; r < r1; r++) {
      read(x, r * n, a, n);
      deviationSums(a, first, block1, block2, n);
      if ((r - r0 + 1) % BLOCK_ROWS == 0) {
        flushBlock(n);
      }
    }
    flushBlock(n);
  }

  /**
   * Rows {@code [r0, r1)}: {@code act = f(z)}, and the column sums of {@code act - first} and of its
   * square (as {@link #partialMoments}) from the same row while it is at hand.
   */
  void activateWithMoments(FloatBuffer z, FloatBuffer act, int r0, int r1, int n, float alpha, float[] first) {
    ensure(n);
    clearSums(n);
    for (int r = r0; r < r1; r++) {
      read(z, r * n, a, n);
      activation(a, b, alpha, n);
      write(act, r * n, b, n);
      deviationSums(b, first, block1, block2, n);
      if ((r - r0 + 1) % BLOCK_ROWS == 0) {
        flushBlock(n);
      }
    }
    flushBlock(n);
  }

  /** Rows {@code [r0, r1)}: {@code out = in * scale + shift}, then the activation when {@code activate}. */
  void scaleShift(FloatBuffer in, FloatBuffer out, int r0, int r1, int n, float[] scale, float[] shift,
      boolean activate, float alpha) {
    ensure(n);
    for (int r = r0; r < r1; r++) {
      read(in, r * n, a, n);
      if (activate) {
        scaledActivation(a, scale, shift, alpha, c, n);
        write(out, r * n, c, n);
      } else {
        multiplyAdd(a, scale, shift, b, n);
        write(out, r * n, b, n);
      }
    }
  }

  /**
   * Column sums over rows {@code [r0, r1)} of g and of {@code g (x - mean)}, g being the gradient at
   * BN's output: {@code d} passed back through the activation of {@code x scale + shift} when
   * {@code maskByBn} (placement before: x is BN's input, d the activation's gradient), else {@code d}.
   */
  void partialGradientSums(FloatBuffer x, FloatBuffer d, int r0, int r1, int n, float[] mean, float[] scale,
      float[] shift, boolean maskByBn, float alpha, FloatBuffer maskedOut) {
    ensure(n);
    clearSums(n);
    for (int r = r0; r < r1; r++) {
      read(x, r * n, a, n);
      read(d, r * n, b, n);
      if (maskByBn) {
        mask(a, b, scale, shift, alpha, c, n);
        write(maskedOut, r * n, c, n); // so that the second pass need not mask again
      }
      centredSums(a, maskByBn ? c : b, mean, block1, block2, n);
      if ((r - r0 + 1) % BLOCK_ROWS == 0) {
        flushBlock(n);
      }
    }
    flushBlock(n);
  }

  /**
   * Rows {@code [r0, r1)}: BN's input gradient {@code k1 g + k2 x + k3}. Placement before: g is
   * {@code d}, already masked by {@link #partialGradientSums}, and the result goes to {@code out}. Placement
   * after: g is {@code d}, and the result passes back through the activation whose output is x; with
   * {@code biasSums} its column sums (the bias gradient) go to the first sums.
   */
  void applyGradient(FloatBuffer x, FloatBuffer d, FloatBuffer out, int r0, int r1, int n, float[] k1, float[] k2,
      float[] k3, float[] scale, float[] shift, boolean placementBefore, float alpha, boolean biasSums) {
    ensure(n);
    if (biasSums) {
      clearSums(n);
    }
    for (int r = r0; r < r1; r++) {
      read(x, r * n, a, n);
      read(d, r * n, b, n);
      if (placementBefore) {
        affineGradient(a, b, k1, k2, k3, this.d, n);
      } else {
        affineGradient(a, b, k1, k2, k3, c, n);
        maskByOutput(a, c, alpha, this.d, n);
        if (biasSums) {
          add(this.d, block1, n);
          if ((r - r0 + 1) % BLOCK_ROWS == 0) {
            flushBlock(n);
          }
        }
      }
      write(out, r * n, this.d, n);
    }
    if (biasSums) {
      flushBlock(n);
    }
  }

  private static void add(float[] x, float[] sum, int w) {
    for (int j = 0; j < w; j++) {
      sum[j] += x[j];
    }
  }

  /** The activation of rows {@code [r0, r1)}. */
  void activate(FloatBuffer z, FloatBuffer act, int r0, int r1, int n, float alpha) {
    ensure(n);
    for (int r = r0; r < r1; r++) {
      read(z, r * n, a, n);
      activation(a, b, alpha, n);
      write(act, r * n, b, n);
    }
  }

  /** Rows {@code [r0, r1)}: the gradient at the activation's input from the one at its output. */
  void activationGradient(FloatBuffer pre, FloatBuffer dPost, FloatBuffer dPre, int r0, int r1, int n, float alpha) {
    ensure(n);
    for (int r = r0; r < r1; r++) {
      read(pre, r * n, a, n);
      read(dPost, r * n, b, n);
      maskByOutput(a, b, alpha, c, n); // the input is positive exactly where the output is
      write(dPre, r * n, c, n);
    }
  }

  // The loops below are small static methods over few arrays: C2 vectorizes those, while one loop
  // doing all of it at once ran several times slower (measured on JDK 17).

  private static void deviationSums(float[] x, float[] first, float[] sum, float[] sumSquares, int w) {
    for (int j = 0; j < w; j++) {
      float v = x[j] - first[j];
      sum[j] += v;
      sumSquares[j] += v * v;
    }
  }

  private static void multiplyAdd(float[] x, float[] scale, float[] shift, float[] out, int w) {
    for (int j = 0; j < w; j++) {
      out[j] = x[j] * scale[j] + shift[j];
    }
  }

  /** {@code out = f(x scale + shift)}, f as in {@link #activation}. */
  private static void scaledActivation(float[] x, float[] scale, float[] shift, float alpha, float[] out, int w) {
    for (int j = 0; j < w; j++) {
      float v = x[j] * scale[j] + shift[j];
      out[j] = Math.max(v, 0f) + alpha * Math.min(v, 0f);
    }
  }

  /** ReLU ({@code alpha == 0}) or LeakyReLU, branch-free so that the loop vectorizes. */
  private static void activation(float[] x, float[] out, float alpha, int w) {
    for (int j = 0; j < w; j++) {
      out[j] = Math.max(x[j], 0f) + alpha * Math.min(x[j], 0f);
    }
  }

  /** {@code g = dAct * activation'(u scale + shift)}: the gradient at BN's output (placement before). */
  private static void mask(float[] u, float[] dAct, float[] scale, float[] shift, float alpha, float[] g, int w) {
    for (int j = 0; j < w; j++) {
      float s = step(u[j] * scale[j] + shift[j]);
      g[j] = dAct[j] * (alpha + (1 - alpha) * s);
    }
  }

  /** {@code g = dOut * activation'}, told by the activation's output {@code x} (positive where its input is). */
  private static void maskByOutput(float[] x, float[] dOut, float alpha, float[] g, int w) {
    for (int j = 0; j < w; j++) {
      float s = step(x[j]);
      g[j] = dOut[j] * (alpha + (1 - alpha) * s);
    }
  }

  /** Sums of g and of g (x - mean). */
  private static void centredSums(float[] x, float[] g, float[] mean, float[] sumG, float[] sumGx, int w) {
    for (int j = 0; j < w; j++) {
      float gj = g[j];
      sumG[j] += gj;
      sumGx[j] += gj * (x[j] - mean[j]);
    }
  }

  /** {@code out = k1 g + k2 x + k3}. */
  private static void affineGradient(float[] x, float[] g, float[] k1, float[] k2, float[] k3, float[] out, int w) {
    for (int j = 0; j < w; j++) {
      out[j] = k1[j] * g[j] + k2[j] * x[j] + k3[j];
    }
  }

  /** 1 for {@code v > 0}, 0 for {@code v <= 0}, without a branch (see {@link CpuKernels}). */
  private static float step(float v) {
    return Math.min(1f, Math.max(0f, v * Float.MAX_VALUE));
  }
}
