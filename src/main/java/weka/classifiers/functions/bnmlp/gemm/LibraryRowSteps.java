package weka.classifiers.functions.bnmlp.gemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The row-wise steps of a prediction on the matrix library's kernels, over row-major {@code [rows, n]}
 * float32 matrices in native memory: one native pass each, where the package's own passes copy every
 * row into a Java array and back. An instance serves one thread. Each step returns false, leaving its
 * output as it was, when its shape would be one more than {@link #MAX_SHAPES}: the caller then runs
 * its own pass.
 */
public interface LibraryRowSteps {

  /**
   * The most shapes (step, row count, width, slope) made per JVM: a prediction meets a few (its chunk,
   * the last chunk, the pieces of a split chunk), and a made kernel is kept for the JVM's lifetime.
   */
  int MAX_SHAPES = 64;

  /** The library's steps for the products' library {@code gemm}, or null when it has none worth using. */
  static LibraryRowSteps of(Sgemm gemm) {
    return OneDnnSgemm.hasVectorKernels(gemm) ? new OneDnnRowSteps(((OneDnnSgemm) gemm).rowStepShapes) : null;
  }

  /**
   * A hidden layer's last step: {@code z = f(z + shift)} in place, the shift broadcast over the rows, f
   * ReLU ({@code alpha == 0}) or LeakyReLU.
   */
  boolean shiftActivation(int rows, int n, FloatPointer z, FloatPointer shift, float alpha);

  /** Each row's softmax of {@code logits} into {@code probabilities}. */
  boolean softmax(int rows, int n, FloatPointer logits, FloatPointer probabilities);
}
