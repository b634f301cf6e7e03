package weka.classifiers.functions.bnmlp.backend;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Which library computes the CPU kernels' matrix products. OpenBLAS (ND4J's BLAS) is always there;
 * oneDNN (the library behind ND4J's oneDNN build) generates its kernels for the processor at run
 * time. It is chosen where the processor has AVX2 or AVX-512: on AMD EPYC processors here, the
 * products of a reference training step took 0.92 ms on oneDNN's AVX-512 kernels against 1.89 ms on
 * OpenBLAS's AVX2 ones (Zen 5), and limited to AVX2, oneDNN was as fast as OpenBLAS on a Zen 5 and
 * about 20% faster on a Zen 4. Without AVX2, OpenBLAS.
 *
 * <p>oneDNN is capped at the vector instructions the processor's flags name ({@link #isaCap}): on a
 * real processor that is what oneDNN finds anyway, and where tests make the package see another
 * processor ({@link CpuFeatures#FLAGS_PROPERTY}), oneDNN runs the kernels that processor would run.
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

  /** The widest vector instructions oneDNN may generate. */
  public enum IsaCap {
    /** No cap: AVX-512 where the processor has it. */
    AVX512,
    AVX2,
    /** Neither AVX2 nor AVX-512 (oneDNN only when asked for by name). */
    SSE41
  }

  /** The choice and why it was made, for the backend's one-line description. */
  public final Library library;
  public final String reason;
  /** What oneDNN may use, from the processor's flags. */
  public final IsaCap isaCap;

  private MatrixLibraryChoice(Library library, String reason, IsaCap isaCap) {
    this.library = library;
    this.reason = reason;
    this.isaCap = isaCap;
  }

  /**
   * @param property the value of {@value #PROPERTY}, or null
   * @param flags the processor's feature flags (empty when unknown)
   * @param oneDnnPackaged whether the package holds oneDNN for this platform
   * @throws IllegalArgumentException naming the bad value when the property is not a library's name
   */
  public static MatrixLibraryChoice decide(String property, Set<String> flags, boolean oneDnnPackaged) {
    String requested = property == null || property.isBlank() ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    IsaCap cap = isaCap(flags);
    switch (requested) {
      case "openblas":
        return new MatrixLibraryChoice(Library.OPENBLAS, PROPERTY + "=openblas", cap);
      case "onednn":
        if (!oneDnnPackaged) {
          throw new IllegalArgumentException(PROPERTY + "=onednn, but this package holds no oneDNN for this "
              + "platform; use " + PROPERTY + "=openblas or auto.");
        }
        return new MatrixLibraryChoice(Library.ONEDNN, PROPERTY + "=onednn", cap);
      case "auto":
        if (!oneDnnPackaged) {
          return new MatrixLibraryChoice(Library.OPENBLAS, "no oneDNN for this platform in the package", cap);
        }
        if (cap == IsaCap.SSE41) {
          // flags are read from /proc/cpuinfo: elsewhere the processor is unknown, and OpenBLAS is safe
          return new MatrixLibraryChoice(Library.OPENBLAS, flags.isEmpty() ? "processor flags unknown" : "no AVX2",
              cap);
        }
        return new MatrixLibraryChoice(Library.ONEDNN, cap == IsaCap.AVX512 ? "AVX-512" : "AVX2", cap);
      default:
        throw new IllegalArgumentException(PROPERTY + "=" + property + " is not a matrix library: use auto, "
            + "openblas or onednn.");
    }
  }

  /** The widest vector instructions the flags allow (empty flags, an unknown processor: the narrowest). */
  static IsaCap isaCap(Set<String> flags) {
    if (!flags.containsAll(Arrays.asList(CpuFeatures.AVX2_FLAGS))) {
      return IsaCap.SSE41;
    }
    return flags.containsAll(Arrays.asList(CpuFeatures.AVX512_FLAGS)) ? IsaCap.AVX512 : IsaCap.AVX2;
  }
}
