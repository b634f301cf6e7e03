package weka.classifiers.functions.bnmlp.net;

import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice;
import weka.classifiers.functions.bnmlp.backend.NativePlatform;

/**
 * The matrix library of the CPU kernels, chosen once per JVM (see {@link MatrixLibraryChoice}) and
 * checked against double-precision products before use. When oneDNN was chosen automatically but
 * cannot be loaded or fails the check, the kernels use OpenBLAS and the backend's description says
 * why; when the user asked for oneDNN, that failure is an error.
 */
final class MatrixLibrary {

  private MatrixLibrary() {
  }

  private static Sgemm chosen;
  private static String note;

  static synchronized Sgemm get() {
    if (chosen == null) {
      String property = System.getProperty(MatrixLibraryChoice.PROPERTY);
      MatrixLibraryChoice choice = MatrixLibraryChoice.decide(property, CpuFeatures.current(), oneDnnPackaged());
      note = choice.reason;
      chosen = choice.library == MatrixLibraryChoice.Library.ONEDNN ? oneDnnOrFallback(property) : new OpenBlasSgemm();
    }
    return chosen;
  }

  /** e.g. "oneDNN 2.5.2 avx512_core (AVX-512)". */
  static synchronized String describe() {
    Sgemm gemm = get();
    return gemm.describe() + " (" + note + ")";
  }

  private static Sgemm oneDnnOrFallback(String property) {
    String failure;
    try {
      Sgemm oneDnn = new OneDnnSgemm();
      failure = SgemmCheck.verify(oneDnn);
      if (failure == null) {
        return oneDnn;
      }
      failure = "oneDNN's products failed the check: " + failure;
    } catch (Exception | LinkageError e) {
      failure = "oneDNN could not be loaded: " + e;
    }
    if (property != null && !property.isBlank()) {
      throw new IllegalStateException(MatrixLibraryChoice.PROPERTY + "=" + property + ": " + failure);
    }
    note = failure + "; using OpenBLAS";
    return new OpenBlasSgemm();
  }

  private static boolean oneDnnPackaged() {
    ClassLoader own = MatrixLibrary.class.getClassLoader();
    return own.getResource("org/bytedeco/dnnl/global/dnnl.class") != null
        && own.getResource("org/bytedeco/dnnl/" + NativePlatform.current() + "/") != null;
  }
}
