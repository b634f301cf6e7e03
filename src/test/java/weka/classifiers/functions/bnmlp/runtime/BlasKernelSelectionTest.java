package weka.classifiers.functions.bnmlp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "weka.classifiers.functions.bnmlp.tools.BackendInfo");
    Map<String, String> env = builder.environment();
    env.remove(BlasCoreChoice.ENVIRONMENT_VARIABLE);
    if (core != null) {
      env.put(BlasCoreChoice.ENVIRONMENT_VARIABLE, core);
    }
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    for (String line : output.split("\\R")) {
      if (line.startsWith("Backend:")) {
        return line;
      }
    }
    throw new AssertionError("no backend line in:\n" + output);
  }
}
