package weka.classifiers.functions.bnmlp.gemm;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

import weka.classifiers.functions.bnmlp.backend.ProcessEnvironment;

/** Products on ND4J's OpenBLAS, which the runtime keeps single-threaded on the CPU backend. */
public final class OpenBlasSgemm implements Sgemm {

  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  /** What the runtime has to say about OpenBLAS's kernels, or null. */
  private final String coreNote;

  public OpenBlasSgemm() {
    this(null);
  }

  OpenBlasSgemm(String coreNote) {
    this.coreNote = coreNote;
  }

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b,
      int ldb, float beta, FloatPointer c, int ldc) {
    openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f, a,
        lda, b, ldb, beta, c, ldc);
  }

  /** y = a x + beta y for a row-major [m, n] matrix a: a product of one row needs no packing of a. */
  public static void multiplyVector(int m, int n, FloatPointer a, int lda, FloatPointer x, float beta, FloatPointer y) {
    openblas_nolapack.cblas_sgemv(ROW_MAJOR, NO_TRANS, m, n, 1f, a, lda, x, 1, beta, y, 1);
  }

  @Override
  public String describe() {
    return "OpenBLAS " + coreName() + (coreNote == null ? "" : " (" + coreNote + ")");
  }

  /** The kernel family OpenBLAS runs, e.g. "SkylakeX", or "unknown" (load ND4J's backend first). */
  public static String coreName() {
    String library = Loader.load(openblas_nolapack.class);
    String core = library == null ? null : ProcessEnvironment.callStringFunction(library, "openblas_get_corename");
    return core == null ? "unknown" : core;
  }
}
