package weka.classifiers.functions.bnmlp.backend;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Which library computes the CPU kernels' matrix products. OpenBLAS (ND4J's BLAS) is always there;
 * oneDNN (the library behind ND4J's oneDNN build) generates its kernels for the processor at run
 * time, so on AVX-512 processors it uses AVX-512 whatever OpenBLAS was told or detected. On an AMD
 * EPYC (Zen 5) here, the products of one reference training step took 0.92 ms on oneDNN and 1.89 ms
 * on OpenBLAS's AVX2 kernels; limited to AVX2, oneDNN was no faster than OpenBLAS, so it is chosen
 * only where AVX-512 pays.
 *
 * <p>The system property {@value #PROPERTY} overrides the choice: {@code auto} (default),
 * {@code openblas} or {@code onednn}.
 */
public final class MatrixLibraryChoice {

  /** The system property naming the library. */
  public static final String PROPERTY = "bnmlp.matrixLibrary";

  /** The libraries. */
  public enum Library {
    OPENBLAS, ONEDNN
  }

  /** The choice and why it was made, for the backend's one-line description. */
  public final Library library;
  public final String reason;

  private MatrixLibraryChoice(Library library, String reason) {
    this.library = library;
    this.reason = reason;
  }

  /**
   * @param property the value of {@value #PROPERTY}, or null
   * @param flags the processor's feature flags (empty when unknown)
   * @param oneDnnPackaged whether the package holds oneDNN for this platform
   * @throws IllegalArgumentException naming the bad value when the property is not a library's name
   */
  public static MatrixLibraryChoice decide(String property, Set<String> flags, boolean oneDnnPackaged) {
    String requested = property == null || property.isBlank() ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    switch (requested) {
      case "openblas":
        return new MatrixLibraryChoice(Library.OPENBLAS, PROPERTY + "=openblas");
      case "onednn":
        if (!oneDnnPackaged) {
          throw new IllegalArgumentException(PROPERTY + "=onednn, but this package holds no oneDNN for this "
              + "platform; use " + PROPERTY + "=openblas or auto.");
        }
        return new MatrixLibraryChoice(Library.ONEDNN, PROPERTY + "=onednn");
      case "auto":
        if (!oneDnnPackaged) {
          return new MatrixLibraryChoice(Library.OPENBLAS, "no oneDNN for this platform in the package");
        }
        if (!flags.containsAll(Arrays.asList(CpuFeatures.AVX512_FLAGS))) {
          return new MatrixLibraryChoice(Library.OPENBLAS, "no AVX-512");
        }
        return new MatrixLibraryChoice(Library.ONEDNN, "AVX-512");
      default:
        throw new IllegalArgumentException(PROPERTY + "=" + property + " is not a matrix library: use auto, "
            + "openblas or onednn.");
    }
  }
}
