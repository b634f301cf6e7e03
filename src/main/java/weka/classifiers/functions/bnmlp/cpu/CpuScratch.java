package weka.classifiers.functions.bnmlp.cpu;

import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import weka.classifiers.functions.bnmlp.gemm.LibraryRowSteps;
import weka.classifiers.functions.bnmlp.gemm.Sgemm;

/**
 * One thread's working space for {@link CpuKernels}: float rows that the JIT can vectorize over,
 * column accumulators, its own {@link NativeViews} of the arrays and its own library row steps.
 * Also holds the kernels' passes over rows of row-major {@code [rows, n]} matrices, but for batch
 * normalization's, which are in {@link BatchNormRowPasses}.
 */
final class CpuScratch {

  /**
   * Rows of partial column sums kept in float (which vectorizes) before they are added up in double,
   * and the rows of one call of a pass's block method (see the passes below).
   */
  static final int BLOCK_ROWS = 32;

  private final NativeViews views = new NativeViews();

  float[] a = new float[0];
  float[] b = new float[0];
  float[] c = new float[0];
  float[] d = new float[0];
  /** Per-column block sums (float) and totals (double). */
  float[] block1 = new float[0];
  float[] block2 = new float[0];
  private double[] sums1 = new double[0];
  private double[] sums2 = new double[0];
  /** This piece's partial result of a reduction (a loss). */
  double total;

  private double[] doubles = new double[0];
  /** This thread's library row steps, and the products' library they were made for. */
  private LibraryRowSteps rowSteps;
  private Sgemm rowStepsOf;

  /** A double scratch row of at least {@code 2 * c} values. */
  double[] doubles(int c) {
    if (doubles.length < 2 * c) {
      doubles = new double[2 * c];
    }
    return doubles;
  }

  void forget() {
    views.forget();
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

  /** This thread's buffer view of the array (see {@link NativeViews}). */
  FloatBuffer buffer(INDArray array) {
    return views.buffer(array);
  }

  /** This thread's pointer to element {@code offset} of the array. */
  FloatPointer at(INDArray array, long offset) {
    return views.at(array, offset);
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
   * {@code v}; in blocks like the passes below, for the same reason. (A kernel step with a loop over
   * a prediction chunk's 1,024 rows inlined was compiled twice, during the first predictions.)
   */
  void fillRows(INDArray m, int r0, int r1, int n, INDArray v) {
    ensure(n);
    readVector(v, 0, a, n);
    FloatBuffer mb = buffer(m);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      fillBlock(mb, r, Math.min(r1, r + BLOCK_ROWS), n);
    }
  }

  private void fillBlock(FloatBuffer m, int r0, int r1, int n) {
    for (int r = r0; r < r1; r++) {
      write(m, r * n, a, n);
    }
  }

  /** Rows {@code rows[i]} of {@code from} into rows i of {@code to}, for i in {@code [i0, i1)}; in blocks. */
  void gather(FloatBuffer from, FloatBuffer to, int[] rows, int i0, int i1, int width) {
    ensure(width);
    for (int i = i0; i < i1; i += BLOCK_ROWS) {
      gatherBlock(from, to, rows, i, Math.min(i1, i + BLOCK_ROWS), width);
    }
  }

  private void gatherBlock(FloatBuffer from, FloatBuffer to, int[] rows, int i0, int i1, int width) {
    for (int i = i0; i < i1; i++) {
      read(from, rows[i] * width, a, width);
      write(to, i * width, a, width);
    }
  }

  void clearSums(int w) {
    java.util.Arrays.fill(sums1, 0, w, 0);
    java.util.Arrays.fill(sums2, 0, w, 0);
    java.util.Arrays.fill(block1, 0, w, 0);
    java.util.Arrays.fill(block2, 0, w, 0);
  }

  /** Moves the float block sums into the double totals. */
  void flushBlock(int w) {
    for (int j = 0; j < w; j++) {
      sums1[j] += block1[j];
      sums2[j] += block2[j];
      block1[j] = 0;
      block2[j] = 0;
    }
  }

  // Every pass over rows below runs its rows in blocks of BLOCK_ROWS, one call of a method of its
  // own per block. The JIT compiles a method whose calls loop over many rows twice: first for the
  // running loop (an OSR compilation), then the whole method; a block method reaches the JIT's
  // call count before its loop count, so it is compiled once, and early in the first epoch. Its
  // compiled loops are too large to be inlined into the pass, which stays cheap to compile.

  /** Column sums of {@code [c0, c1)} into the first sums. */
  void columnSums(FloatBuffer m, int rows, int n, int c0, int c1) {
    int w = c1 - c0;
    ensure(n);
    clearSums(w);
    for (int r = 0; r < rows; r += BLOCK_ROWS) {
      columnSumsBlock(m, r, Math.min(rows, r + BLOCK_ROWS), n, c0, w);
    }
  }

  private void columnSumsBlock(FloatBuffer m, int r0, int r1, int n, int c0, int w) {
    for (int r = r0; r < r1; r++) {
      read(m, r * n + c0, a, w);
      RowLoops.add(a, block1, w);
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

  /** Rows {@code [r0, r1)} of z set to {@code f(z + shift)} in place (see {@link RowLoops#shiftedActivation}). */
  void shiftActivation(FloatBuffer z, int r0, int r1, int n, INDArray shift, float alpha) {
    ensure(n);
    readVector(shift, 0, d, n);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      shiftActivationBlock(z, r, Math.min(r1, r + BLOCK_ROWS), n, alpha);
    }
  }

  private void shiftActivationBlock(FloatBuffer z, int r0, int r1, int n, float alpha) {
    for (int r = r0; r < r1; r++) {
      read(z, r * n, a, n);
      RowLoops.shiftedActivation(a, d, alpha, c, n);
      write(z, r * n, c, n);
    }
  }

  /**
   * The matrix library's row steps for this thread, made at the first call for {@code gemm}; null when
   * the library has none.
   */
  LibraryRowSteps rowSteps(Sgemm gemm) {
    if (rowStepsOf != gemm) {
      rowSteps = LibraryRowSteps.of(gemm);
      rowStepsOf = gemm;
    }
    return rowSteps;
  }

  /**
   * Rows {@code [r0, r1)} of activation outputs: each column's largest value into {@code b[0, n)},
   * from the values the caller left there, and the number of inactive values into {@link #total}.
   */
  void activity(FloatBuffer post, int r0, int r1, int n, boolean strict) {
    total = 0;
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      activityBlock(post, r, Math.min(r1, r + BLOCK_ROWS), n, strict);
    }
  }

  private void activityBlock(FloatBuffer post, int r0, int r1, int n, boolean strict) {
    int inactive = 0;
    for (int r = r0; r < r1; r++) {
      read(post, r * n, a, n);
      RowLoops.maxInto(a, b, n);
      inactive += RowLoops.inactive(a, n, strict);
    }
    total += inactive;
  }

  /** The activation of rows {@code [r0, r1)}. */
  void activate(FloatBuffer z, FloatBuffer act, int r0, int r1, int n, float alpha) {
    ensure(n);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      activateBlock(z, act, r, Math.min(r1, r + BLOCK_ROWS), n, alpha);
    }
  }

  private void activateBlock(FloatBuffer z, FloatBuffer act, int r0, int r1, int n, float alpha) {
    for (int r = r0; r < r1; r++) {
      read(z, r * n, a, n);
      RowLoops.activation(a, b, alpha, n);
      write(act, r * n, b, n);
    }
  }

  /** Rows {@code [r0, r1)}: the gradient at the activation's input from the one at its output. */
  void activationGradient(FloatBuffer pre, FloatBuffer dPost, FloatBuffer dPre, int r0, int r1, int n, float alpha) {
    ensure(n);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      activationGradientBlock(pre, dPost, dPre, r, Math.min(r1, r + BLOCK_ROWS), n, alpha);
    }
  }

  private void activationGradientBlock(FloatBuffer pre, FloatBuffer dPost, FloatBuffer dPre, int r0, int r1, int n,
      float alpha) {
    for (int r = r0; r < r1; r++) {
      read(pre, r * n, a, n);
      read(dPost, r * n, b, n);
      RowLoops.maskByOutput(a, b, alpha, c, n); // the input is positive exactly where the output is
      write(dPre, r * n, c, n);
    }
  }
}
