package weka.classifiers.functions.bnmlp.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.backend.BlasCoreChoice;
import weka.classifiers.functions.bnmlp.backend.CpuFeatures;

/**
 * In a fresh JVM (OpenBLAS reads its setting once, when it loads): without a user setting the
 * AVX-512 kernels are asked for on a processor that has AVX-512, and a user's setting is kept.
 */
class BlasKernelSelectionTest {

  @Test
  void withoutAUserSettingTheProcessorDecides() throws Exception {
    String expected = BlasCoreChoice.coreToRequest(CpuFeatures.current(), null); // the flags the child sees too
    String line = backendLine(null);
    if (expected != null) {
      assertTrue(line.contains(expected + " kernels"), line);
    } else {
      assertTrue(line.contains("kernels"), line); // whatever OpenBLAS picks by itself
    }
  }

  @Test
  void theUsersSettingIsKept() throws Exception {
    String line = backendLine("Haswell");
    assertTrue(line.contains("Haswell kernels"), line);
  }

  /** The backend description printed by a new JVM with OPENBLAS_CORETYPE set to {@code core} (or unset). */
  private static String backendLine(String core) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put(BlasCoreChoice.ENVIRONMENT_VARIABLE, core);
    return ChildJvm.backendLine(List.of(), environment);
  }
}
