package weka.classifiers.functions.bnmlp.backend;

import java.util.Arrays;
import java.util.Set;

/**
 * Which OpenBLAS kernel family ("core type") to ask for before OpenBLAS loads. The OpenBLAS 0.3.19
 * that ships with ND4J picks its kernels from a table of known processors; on newer ones that it
 * does not know (AMD Zen 4 and Zen 5, for instance) it falls back by feature to its AVX2 (Haswell)
 * kernels even when the processor has AVX-512, and its sgemm then runs at about half speed. Its
 * SkylakeX kernels need only AVX-512 F, CD, BW, DQ and VL, so any processor with those can run them.
 */
public final class BlasCoreChoice {

  /** The environment variable OpenBLAS reads once, when it loads. */
  public static final String ENVIRONMENT_VARIABLE = "OPENBLAS_CORETYPE";

  /** OpenBLAS's name for its AVX-512 kernel family. */
  static final String AVX512_CORE = "SkylakeX";

  private BlasCoreChoice() {
  }

  /**
   * @param flags the processor's feature flags (empty when unknown)
   * @param userSetting the value of {@value #ENVIRONMENT_VARIABLE} in the environment, or null
   * @return the core type to set, or null to leave OpenBLAS's own choice (or the user's) alone
   */
  public static String coreToRequest(Set<String> flags, String userSetting) {
    if (userSetting != null && !userSetting.isBlank()) {
      return null; // the user decided
    }
    return flags.containsAll(Arrays.asList(CpuFeatures.AVX512_FLAGS)) ? AVX512_CORE : null;
  }

  /**
   * A hint for the user whose own setting holds back an AVX-512 processor, or null.
   */
  public static String advice(Set<String> flags, String userSetting) {
    if (userSetting == null || userSetting.isBlank() || coreToRequest(flags, null) == null
        || Arrays.asList("skylakex", "cooperlake", "sapphirerapids").contains(userSetting.trim().toLowerCase())) {
      return null;
    }
    return ENVIRONMENT_VARIABLE + "=" + userSetting.trim() + " is set in the environment, but this processor has "
        + "AVX-512: without it (or with " + ENVIRONMENT_VARIABLE + "=" + AVX512_CORE + ") OpenBLAS's matrix "
        + "products run on its AVX-512 kernels, which were about 1.9x faster on an AMD EPYC here.";
  }
}
