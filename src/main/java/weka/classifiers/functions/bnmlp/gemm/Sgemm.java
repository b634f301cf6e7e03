package weka.classifiers.functions.bnmlp.gemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A float32 matrix product on native memory, row-major: {@code c = op(a) op(b) + beta c}. Each call
 * runs on the calling thread alone; the CPU kernels split the work over their own threads.
 */
public interface Sgemm {

  void multiply(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b,
      int ldb, float beta, FloatPointer c, int ldc);

  /** The library and kernels, e.g. "oneDNN 2.5.2 avx512_core", for the backend's description. */
  String describe();
}
