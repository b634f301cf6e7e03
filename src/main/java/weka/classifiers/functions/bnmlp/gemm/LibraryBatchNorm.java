package weka.classifiers.functions.bnmlp.gemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Batch normalization followed by ReLU, in training, on the matrix library's own kernels, over
 * row-major {@code [rows, n]} float32 matrices in native memory (each from its pointer's position): the
 * forward step with the batch statistics, and its backward step. Gamma and beta are one array of
 * {@code 2n} values (gamma, then beta), and so are their gradients. An instance serves one network,
 * one call at a time, on the calling thread alone.
 */
public interface LibraryBatchNorm {

  /**
   * The library's batch normalization for the products' library {@code gemm}, or null when it has
   * none worth using (OpenBLAS; oneDNN below AVX2).
   */
  static LibraryBatchNorm of(Sgemm gemm) {
    return availableWith(gemm) ? new OneDnnBatchNorm(((OneDnnSgemm) gemm).batchNormShapes) : null;
  }

  /** Whether {@link #of} gives one for {@code gemm}. */
  static boolean availableWith(Sgemm gemm) {
    return OneDnnSgemm.hasVectorKernels(gemm);
  }

  /** Floats the forward step keeps for its backward step (a bit per value, which ReLU passed). */
  long workspaceFloats(int rows, int n, float epsilon);

  /**
   * {@code dst = max(BN(src), 0)} with the batch's mean and (biased) variance, which go to {@code mean}
   * and {@code variance}; {@code workspace} keeps which values passed.
   */
  void forward(int rows, int n, float epsilon, FloatPointer src, FloatPointer gammaBeta, FloatPointer dst,
      FloatPointer mean, FloatPointer variance, FloatPointer workspace);

  /**
   * Whether {@link #forwardGiven} runs for a block of {@code rows} rows: where the library keeps a
   * bit per value in row order, as for a whole batch, so that blocks fill one batch's workspace.
   */
  boolean takesStatistics(int rows, int n, float epsilon);

  /**
   * {@link #forward} on a block of a batch's rows, with the batch's {@code mean} and {@code variance}
   * given (the whole batch's, computed elsewhere): {@code dst = max(BN(src), 0)}, and the block's bits
   * into {@code workspace}, which starts at the batch's bit {@code row0 * n} for a block starting at row
   * {@code row0}. Only where {@link #takesStatistics} says so.
   */
  void forwardGiven(int rows, int n, float epsilon, FloatPointer src, FloatPointer gammaBeta, FloatPointer dst,
      FloatPointer mean, FloatPointer variance, FloatPointer workspace);

  /**
   * The backward step of {@link #forward} given the gradient at its output: the gradient at its input
   * into {@code diffSrc}, and gamma's and beta's into {@code diffGammaBeta}.
   */
  void backward(int rows, int n, float epsilon, FloatPointer src, FloatPointer gammaBeta, FloatPointer mean,
      FloatPointer variance, FloatPointer workspace, FloatPointer diffDst, FloatPointer diffSrc,
      FloatPointer diffGammaBeta);
}
