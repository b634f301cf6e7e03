package weka.classifiers.functions.bnmlp.gemm;

import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice;
import weka.classifiers.functions.bnmlp.backend.NativePlatform;

/**
 * The matrix library of the CPU kernels (see {@link MatrixLibraryChoice}), checked against
 * double-precision products before use. When oneDNN was chosen automatically but cannot be loaded or
 * fails the check, the kernels use OpenBLAS and the backend's description says why; when the user
 * asked for oneDNN, that failure is an error. Chosen once per JVM: the runtime keeps the choice.
 */
public final class MatrixLibrary {

  /** The products. */
  public final Sgemm gemm;
  /** Why this library, e.g. "AVX-512". */
  private final String note;

  private MatrixLibrary(Sgemm gemm, String note) {
    this.gemm = gemm;
    this.note = note;
  }

  /**
   * Decides and loads the library; {@code blasCoreNote} is what the runtime has to say about
   * OpenBLAS's kernels (null: nothing).
   */
  public static MatrixLibrary choose(String blasCoreNote) {
    String property = System.getProperty(MatrixLibraryChoice.PROPERTY);
    MatrixLibraryChoice choice = MatrixLibraryChoice.decide(property, CpuFeatures.current(), oneDnnPackaged());
    if (choice.library != MatrixLibraryChoice.Library.ONEDNN) {
      return new MatrixLibrary(new OpenBlasSgemm(blasCoreNote), choice.reason);
    }
    String failure;
    try {
      Sgemm oneDnn = new OneDnnSgemm(choice.isaCap);
      failure = SgemmCheck.verify(oneDnn);
      if (failure == null) {
        return new MatrixLibrary(oneDnn, choice.reason);
      }
      failure = "oneDNN's products failed the check: " + failure;
    } catch (Exception | LinkageError e) {
      failure = "oneDNN could not be loaded: " + e;
    }
    if (property != null && !property.isBlank()) {
      throw new IllegalStateException(MatrixLibraryChoice.PROPERTY + "=" + property + ": " + failure);
    }
    return new MatrixLibrary(new OpenBlasSgemm(blasCoreNote), failure + "; using OpenBLAS");
  }

  /** e.g. "oneDNN 2.5.2 avx512_core (AVX-512), BN's training steps on oneDNN". */
  public String describe() {
    return gemm.describe() + " (" + note + ")"
        + (LibraryBatchNorm.availableWith(gemm) ? ", BN's training steps on oneDNN" : "");
  }

  public boolean onOpenBlas() {
    return gemm instanceof OpenBlasSgemm;
  }

  private static boolean oneDnnPackaged() {
    ClassLoader own = MatrixLibrary.class.getClassLoader();
    return own.getResource("org/bytedeco/dnnl/global/dnnl.class") != null
        && own.getResource("org/bytedeco/dnnl/" + NativePlatform.current() + "/") != null;
  }
}
