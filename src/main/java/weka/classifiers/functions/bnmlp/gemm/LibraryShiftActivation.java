package weka.classifiers.functions.bnmlp.gemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A hidden layer's last step at prediction time on the matrix library's kernels: {@code z = f(z + shift)}
 * in place over a row-major {@code [rows, n]} float32 matrix in native memory, the shift broadcast over
 * the rows, f ReLU ({@code alpha == 0}) or LeakyReLU. One native pass; the package's own pass copies
 * every row into a Java array and back. An instance serves one thread.
 */
public interface LibraryShiftActivation {

  /**
   * The most shapes (row count, width, slope) made per JVM: a prediction meets a few (its chunk, the
   * last chunk, the pieces of a split chunk), and a made kernel is kept for the JVM's lifetime.
   */
  int MAX_SHAPES = 64;

  /** The library's pass for the products' library {@code gemm}, or null when it has none worth using. */
  static LibraryShiftActivation of(Sgemm gemm) {
    return OneDnnSgemm.hasVectorKernels(gemm)
        ? new OneDnnShiftActivation(((OneDnnSgemm) gemm).shiftActivationShapes) : null;
  }

  /**
   * {@code z = f(z + shift)}; false, leaving z as it was, when the shape would be one more than
   * {@link #MAX_SHAPES}: the caller then runs its own pass.
   */
  boolean apply(int rows, int n, FloatPointer z, FloatPointer shift, float alpha);
}
