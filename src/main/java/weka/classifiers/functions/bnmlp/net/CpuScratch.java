package weka.classifiers.functions.bnmlp.net;

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
  /** Per-column values of the current range: mean, inverse std, scale and shift, block sums. */
  private float[] mean = new float[0];
  private float[] inv = new float[0];
  private float[] scale = new float[0];
  private float[] shift = new float[0];
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

  void ensure(int n) {
    if (a.length < n) {
      a = new float[n];
      b = new float[n];
      c = new float[n];
      d = new float[n];
      mean = new float[n];
      inv = new float[n];
      scale = new float[n];
      shift = new float[n];
      block1 = new float[n];
      block2 = new float[n];
      sums1 = new double[n];
      sums2 = new double[n];
    }
  }

  FloatBuffer buffer(INDArray array) {
    FloatBuffer view = buffers.get(array);
    if (view == null) {
      view = pointer(array).position(0).asBuffer();
      buffers.put(array, view);
    }
    return view;
  }

  /** This thread's pointer to element {@code offset} of the array. */
  FloatPointer at(INDArray array, long offset) {
    return pointer(array).position(offset);
  }

  private FloatPointer pointer(INDArray array) {
    FloatPointer p = pointers.get(array);
    if (p == null) {
      if (pointers.size() >= MAX_CACHED_VIEWS) {
        forget(); // prediction creates arrays per call; never let the cache grow without bound
      }
      // the address already points at the array's first element, views included
      p = new FloatPointer(array.data().addressPointer());
      p.capacity(array.length());
      p.limit(array.length());
      pointers.put(array, p);
    }
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

  private void writeVector(INDArray v, int offset, float[] from, int n) {
    write(buffer(v), offset, from, n);
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
      for (int j = 0; j < w; j++) {
        block1[j] += a[j];
      }
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

  /**
   * Batch mean and inverse standard deviation of the columns (sums of deviations from the first
   * row, which keeps float sums from cancelling); stores them in {@code state} and moves the running
   * statistics towards them (variance unbiased).
   */
  void batchStatistics(FloatBuffer u, int rows, int n, int c0, int c1, BatchNormState state) {
    int w = c1 - c0;
    ensure(n);
    clearSums(w);
    float[] first = shift;
    read(u, c0, first, w);
    for (int r = 0; r < rows; r++) {
      read(u, r * n + c0, a, w);
      for (int j = 0; j < w; j++) {
        float v = a[j] - first[j];
        block1[j] += v;
        block2[j] += v * v;
      }
      if ((r + 1) % BLOCK_ROWS == 0) {
        flushBlock(w);
      }
    }
    flushBlock(w);
    float[] var = a;
    float[] runMean = b;
    float[] runVar = c;
    readVector(state.runningMean, c0, runMean, w);
    readVector(state.runningVar, c0, runVar, w);
    double m = state.momentum;
    double unbiased = rows > 1 ? rows / (rows - 1.0) : 1.0;
    for (int j = 0; j < w; j++) {
      double dev = sums1[j] / rows;
      double v = Math.max(0, sums2[j] / rows - dev * dev);
      mean[j] = (float) (first[j] + dev);
      var[j] = (float) v;
      inv[j] = (float) (1 / Math.sqrt(v + state.epsilon));
      runMean[j] = (float) ((1 - m) * runMean[j] + m * mean[j]);
      runVar[j] = (float) ((1 - m) * runVar[j] + m * v * unbiased);
    }
    writeVector(state.mean, c0, mean, w);
    writeVector(state.var, c0, var, w);
    writeVector(state.invStd, c0, inv, w);
    writeVector(state.runningMean, c0, runMean, w);
    writeVector(state.runningVar, c0, runVar, w);
  }

  /**
   * Mean and inverse standard deviation from the running statistics, for prediction; a bias that
   * the layer's linear step left out ({@code bias}, or null) is folded into the mean.
   */
  void runningStatistics(BatchNormState state, INDArray bias, int c0, int c1) {
    int w = c1 - c0;
    ensure(w);
    readVector(state.runningMean, c0, mean, w);
    readVector(state.runningVar, c0, inv, w);
    if (bias != null) {
      readVector(bias, c0, a, w);
    }
    for (int j = 0; j < w; j++) {
      inv[j] = (float) (1 / Math.sqrt(inv[j] + state.epsilon));
      if (bias != null) {
        mean[j] -= a[j];
      }
    }
  }

  /**
   * Rows {@code [r0, r1)}: {@code out = f(gamma (in - mean) invStd + beta)} with f the activation when {@code activate}, else
   * the identity, using the mean and inverse std of the last statistics call; also writes the BN
   * output before the activation into {@code bnOut} unless null.
   */
  void affine(FloatBuffer in, FloatBuffer out, int r0, int r1, int n, int c0, int c1, INDArray gamma, INDArray beta,
      BatchNormState state, FloatBuffer bnOut, boolean activate, float alpha) {
    int w = c1 - c0;
    readVector(gamma, c0, a, w);
    readVector(beta, c0, b, w);
    for (int j = 0; j < w; j++) {
      scale[j] = a[j] * inv[j];
      shift[j] = b[j] - mean[j] * scale[j];
    }
    for (int r = r0; r < r1; r++) {
      int o = r * n + c0;
      read(in, o, a, w);
      if (activate) {
        for (int j = 0; j < w; j++) {
          float v = a[j] * scale[j] + shift[j];
          b[j] = v;
          c[j] = Math.max(v, 0f) + alpha * Math.min(v, 0f);
        }
        if (bnOut != null) {
          write(bnOut, o, b, w);
        }
        write(out, o, c, w);
      } else {
        for (int j = 0; j < w; j++) {
          b[j] = a[j] * scale[j] + shift[j];
        }
        write(out, o, b, w);
      }
    }
  }

  /** {@code xhat = (in - mean) invStd} of the last statistics call. */
  void normalized(FloatBuffer in, FloatBuffer xhat, int rows, int n, int c0, int c1) {
    int w = c1 - c0;
    for (int r = 0; r < rows; r++) {
      int o = r * n + c0;
      read(in, o, a, w);
      for (int j = 0; j < w; j++) {
        b[j] = (a[j] - mean[j]) * inv[j];
      }
      write(xhat, o, b, w);
    }
  }

  /** The activation of rows {@code [r0, r1)} in the column range. */
  void activate(FloatBuffer z, FloatBuffer act, int r0, int r1, int n, int c0, int c1, float alpha) {
    int w = c1 - c0;
    ensure(n);
    for (int r = r0; r < r1; r++) {
      int o = r * n + c0;
      read(z, o, a, w);
      for (int j = 0; j < w; j++) {
        float v = a[j];
        b[j] = Math.max(v, 0f) + alpha * Math.min(v, 0f);
      }
      write(act, o, b, w);
    }
  }

  /**
   * BN's exact backward pass over the column range, with the activation's folded in, recomputing
   * the normalized values from BN's input {@code in} (mean and inverse std from the forward pass):
   * <ul>
   * <li>{@code activationAfterBn} (placement before): {@code in} is BN's input, {@code d} the gradient
   * at the activation's output; writes the gradient at BN's input.</li>
   * <li>otherwise (placement after): {@code in} is the activation's output (BN's input), {@code d}
   * the gradient at BN's output; writes the gradient at the activation's input and, unless
   * {@code db} is null, its column sums (the linear bias's gradient).</li>
   * </ul>
   * {@code dU = gamma invStd / B (B g - sum(g) - xhat sum(g xhat))} with g the gradient at BN's output.
   */
  void batchNormBackward(FloatBuffer in, FloatBuffer d, FloatBuffer out, int rows, int n, int c0, int c1,
      INDArray gamma, INDArray beta, BatchNormState state, boolean activationAfterBn, float alpha, INDArray dGamma,
      INDArray dBeta, INDArray db) {
    int w = c1 - c0;
    ensure(n);
    clearSums(w);
    readVector(state.mean, c0, mean, w);
    readVector(state.invStd, c0, inv, w);
    // the forward pass's arithmetic exactly, so that the recomputed BN output has the same sign
    readVector(gamma, c0, scale, w);
    if (activationAfterBn) {
      readVector(beta, c0, shift, w);
    }
    for (int j = 0; j < w; j++) {
      scale[j] *= inv[j];
      shift[j] = activationAfterBn ? shift[j] - mean[j] * scale[j] : 0f;
    }
    float[] grad = this.d; // the gradient at BN's output, row by row
    for (int r = 0; r < rows; r++) {
      int o = r * n + c0;
      read(in, o, a, w);
      read(d, o, b, w);
      if (activationAfterBn) {
        mask(a, b, scale, shift, alpha, grad, w);
      }
      centredSums(a, activationAfterBn ? grad : b, mean, block1, block2, w);
      if ((r + 1) % BLOCK_ROWS == 0) {
        flushBlock(w);
      }
    }
    flushBlock(w);
    // dU = gamma invStd / B (B g - sum(g) - xhat sum(g xhat)) = k1 g + k2 in + k3, per column
    float[] k1 = block1; // block sums are zero after the flush; reuse them
    float[] k2 = block2;
    float[] k3 = c;
    float[] sumG = mean; // the mean is folded into k3 below
    for (int j = 0; j < w; j++) {
      double coef = scale[j] / (double) rows; // gamma invStd / B
      double sumGh = sums2[j] * inv[j];
      double m = mean[j];
      k1[j] = (float) (coef * rows);
      k2[j] = (float) (-coef * sumGh * inv[j]);
      k3[j] = (float) (-coef * sums1[j] + coef * sumGh * inv[j] * m);
      sumG[j] = (float) sums1[j];
      b[j] = (float) sumGh;
    }
    writeVector(dGamma, c0, b, w);
    writeVector(dBeta, c0, sumG, w);
    if (db != null) {
      java.util.Arrays.fill(sums1, 0, w, 0);
    }
    float[] result = this.d;
    for (int r = 0; r < rows; r++) {
      int o = r * n + c0;
      read(in, o, a, w);
      read(d, o, b, w);
      if (activationAfterBn) {
        mask(a, b, scale, shift, alpha, b, w);
        affineGradient(a, b, k1, k2, k3, result, w);
      } else {
        affineGradient(a, b, k1, k2, k3, b, w);
        maskByOutput(a, b, alpha, result, w);
        if (db != null) {
          for (int j = 0; j < w; j++) {
            sums1[j] += result[j];
          }
        }
      }
      write(out, o, result, w);
    }
    if (db != null) {
      writeSums(db, c0, c1);
    }
  }

  // The loops below are small static methods over few arrays: C2 vectorizes those, while one loop
  // doing all of it at once ran several times slower (measured on JDK 17).

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
