package weka.classifiers.functions.bnmlp.gemm;

import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Checks a matrix library against products computed here in double precision before the network
 * trusts it: all four transpose cases, padded leading dimensions and accumulation into c, at sizes
 * that reach the library's blocked kernels and their edge cases.
 */
final class SgemmCheck {

  private SgemmCheck() {
  }

  /** @return null when every product agrees to float precision, else what disagreed */
  static String verify(Sgemm gemm) {
    Random random = new Random(7);
    int m = 37;
    int n = 45;
    int k = 131;
    int pad = 3;
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        for (float beta : new float[] {0f, 1f}) {
          String failure = verifyOne(gemm, random, transA, transB, m, n, k, pad, beta);
          if (failure != null) {
            return failure;
          }
        }
      }
    }
    return null;
  }

  private static String verifyOne(Sgemm gemm, Random random, boolean transA, boolean transB, int m, int n, int k,
      int pad, float beta) {
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    int lda = aCols + pad;
    int ldb = bCols + pad;
    int ldc = n + pad;
    float[] a = randomValues(random, aRows * lda);
    float[] b = randomValues(random, bRows * ldb);
    float[] c = randomValues(random, m * ldc);
    float[] result = new float[c.length];
    try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b);
        FloatPointer pc = new FloatPointer(c)) {
      gemm.multiply(transA, transB, m, n, k, pa, lda, pb, ldb, beta, pc, ldc);
      pc.get(result);
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = beta * (double) c[i * ldc + j];
        double magnitude = Math.abs(sum);
        for (int p = 0; p < k; p++) {
          double term = (double) a[transA ? p * lda + i : i * lda + p] * b[transB ? j * ldb + p : p * ldb + j];
          sum += term;
          magnitude += Math.abs(term);
        }
        if (Math.abs(result[i * ldc + j] - sum) > 1e-5 * magnitude + 1e-6) {
          return "op(a) op(b) with transA=" + transA + ", transB=" + transB + ", beta=" + beta + " gave "
              + result[i * ldc + j] + " instead of " + sum + " at (" + i + ", " + j + ")";
        }
      }
      for (int j = n; j < ldc; j++) {
        if (result[i * ldc + j] != c[i * ldc + j]) {
          return "the product wrote into the padding of c at (" + i + ", " + j + ")";
        }
      }
    }
    return null;
  }

  private static float[] randomValues(Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
