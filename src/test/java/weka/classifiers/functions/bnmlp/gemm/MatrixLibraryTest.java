package weka.classifiers.functions.bnmlp.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;

/**
 * The matrix libraries agree with double-precision products, the check catches a library that does
 * not, and oneDNN runs single-threaded inside the kernels' own threads.
 */
public class MatrixLibraryTest {

  private static OneDnnSgemm oneDnn;

  /** oneDNN, loaded once (it is packaged for this project's build platform). */
  public static synchronized Sgemm oneDnn() {
    if (oneDnn == null) {
      oneDnn = Nd4jRuntime.get(() -> new OneDnnSgemm(
          MatrixLibraryChoice.decide("onednn", CpuFeatures.current(), true).isaCap));
    }
    return oneDnn;
  }

  @Test
  void bothLibrariesPassTheCheck() {
    assertNull(Nd4jRuntime.get(() -> SgemmCheck.verify(new OpenBlasSgemm())));
    assertNull(SgemmCheck.verify(oneDnn()));
    assertTrue(oneDnn().describe().startsWith("oneDNN 2.5.2 "), oneDnn().describe());
  }

  @Test
  void theCheckCatchesAWrongProduct() {
    Sgemm good = Nd4jRuntime.get(OpenBlasSgemm::new);
    // loses the last term of the sum in one element
    Sgemm dropsATerm = new Sgemm() {
      @Override
      public void multiply(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda,
          FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        good.multiply(transA, transB, m, n, k - 1, a, lda, b, ldb, beta, c, ldc);
      }

      @Override
      public String describe() {
        return "broken";
      }
    };
    assertNotNull(SgemmCheck.verify(dropsATerm));
    // ignores beta, i.e. overwrites c instead of adding to it
    Sgemm ignoresBeta = new Sgemm() {
      @Override
      public void multiply(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda,
          FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        good.multiply(transA, transB, m, n, k, a, lda, b, ldb, 0f, c, ldc);
      }

      @Override
      public String describe() {
        return "broken";
      }
    };
    String failure = SgemmCheck.verify(ignoresBeta);
    assertNotNull(failure);
    assertTrue(failure.contains("beta=1.0"), failure);
    // writes the whole row including the padding of c
    Sgemm overwritesPadding = new Sgemm() {
      @Override
      public void multiply(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda,
          FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        good.multiply(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc);
        c.put((long) ldc - 1, 12345f);
      }

      @Override
      public String describe() {
        return "broken";
      }
    };
    assertTrue(SgemmCheck.verify(overwritesPadding).contains("padding"));
  }

  @Test
  void oneDnnRunsOnOneOpenMpThreadPerCaller() throws Exception {
    Sgemm gemm = oneDnn();
    AtomicInteger seen = new AtomicInteger(-1);
    Thread caller = new Thread(() -> {
      try (FloatPointer a = new FloatPointer(64 * 64); FloatPointer c = new FloatPointer(64 * 64)) {
        gemm.multiply(false, false, 64, 64, 64, a, 64, a, 64, 0f, c, 64);
        seen.set(OneDnnSgemm.OpenMp.omp_get_max_threads());
      }
    });
    caller.start();
    caller.join();
    assertEquals(1, seen.get(), "OpenMP threads oneDNN may use inside one kernel piece");
  }
}
