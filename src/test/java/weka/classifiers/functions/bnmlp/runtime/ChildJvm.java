package weka.classifiers.functions.bnmlp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backend line of a fresh JVM (native libraries read their settings once, when they load): runs
 * {@code BackendInfo} with this test's class path.
 */
public final class ChildJvm {

  private ChildJvm() {
  }

  /**
   * The {@code Backend:} line printed by a new JVM started with {@code jvmOptions}, its environment
   * changed by {@code environment} (a null value removes the variable).
   */
  public static String backendLine(List<String> jvmOptions, Map<String, String> environment) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(jvmOptions);
    command.add("weka.classifiers.functions.bnmlp.tools.BackendInfo");
    ProcessBuilder builder = new ProcessBuilder(command);
    environment.forEach((name, value) -> {
      if (value == null) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
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
