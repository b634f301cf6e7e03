package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.backend.NativePlatform;

/**
 * The ND4J build that really loads is the one the processor can run. Each case trains in a new JVM
 * that sees another processor's flags through the {@code bnmlp.cpuFlags} seam, with the generic,
 * AVX2 and AVX-512 builds all on the class path, and reads which {@code libnd4jcpu.so} the process
 * mapped. A case whose build this machine cannot run is skipped (an AVX-512 host runs all three).
 */
@EnabledOnOs(OS.LINUX)
class NativeBuildSelectionTest {

  private static final String AVX2_CPU = "fpu,sse4_2,avx,avx2,fma,bmi1,bmi2";
  private static final String AVX512_CPU = AVX2_CPU + ",avx512f,avx512cd,avx512bw,avx512dq,avx512vl";

  @ParameterizedTest(name = "{0} processor loads the {1} build")
  @CsvSource(delimiter = ';', value = {
      "AVX-512;-avx512;" + AVX512_CPU,
      "AVX2-only;-avx2;" + AVX2_CPU,
      "pre-AVX2;;fpu,sse4_2,avx",
      "AVX-512 without avx512bw (e.g. Knights Landing);-avx2;" + AVX2_CPU + ",avx512f,avx512cd,avx512er"})
  void theBuildTheProcessorRunsIsLoaded(String processor, String extension, String flags) throws Exception {
    String expected = extension == null ? "" : extension;
    List<String> missing = CpuFeatures.missingFor(expected, CpuFeatures.linuxFlags());
    Assumptions.assumeTrue(missing.isEmpty(), "this machine cannot run ND4J's " + expected + " build (lacks "
        + missing + "): skipped");

    List<String> output = probe("-D" + CpuFeatures.FLAGS_PROPERTY + "=" + flags);
    String folder = NativePlatform.current() + expected;
    List<String> mapped = lines(output, "mapped ");
    assertFalse(mapped.isEmpty(), "no libnd4jcpu.so mapped:\n" + output);
    for (String path : mapped) {
      assertTrue(path.contains("/" + folder + "/libnd4jcpu.so"), processor + ": mapped " + path + ", expected " + folder);
    }
    String backend = String.join("\n", lines(output, "backend "));
    assertTrue(backend.contains("(" + folder + (expected.isEmpty() ? " generic" : "") + " build"),
        "the model's backend line names what loaded: " + backend);
  }

  @ParameterizedTest(name = "a user asking for {0} on a processor without it gets a message")
  @CsvSource({"-avx512", "-avx2"})
  void aBuildTheProcessorCannotRunIsRefusedNotLoaded(String extension) throws Exception {
    List<String> output = probe("-D" + CpuFeatures.FLAGS_PROPERTY + "=fpu,sse4_2,avx",
        "-Dorg.bytedeco.javacpp.platform.extension=" + extension);
    String all = String.join("\n", output);
    assertTrue(all.contains("asks for ND4J's " + extension + " build, but this processor lacks"), all);
    assertTrue(lines(output, "mapped ").isEmpty(), "nothing of ND4J's natives may load: " + all);
  }

  /** The probe's output; the child must end normally (a crash would give exit 134 or 139). */
  private static List<String> probe(String... properties) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:ErrorFile=/dev/null"));
    command.addAll(List.of(properties));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeBuildProbe.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe did not finish:\n" + text);
    int exit = process.exitValue();
    assertTrue(exit == 0 || exit == 1, "the probe JVM died (exit " + exit + "):\n" + text);
    return List.of(text.split("\\R"));
  }

  private static List<String> lines(List<String> output, String prefix) {
    List<String> found = new ArrayList<>();
    for (String line : output) {
      if (line.startsWith(prefix)) {
        found.add(line.substring(prefix.length()));
      }
    }
    return found;
  }

  @org.junit.jupiter.api.Test
  void theSeamReplacesTheMachinesFlags() {
    String before = System.getProperty(CpuFeatures.FLAGS_PROPERTY);
    try {
      System.setProperty(CpuFeatures.FLAGS_PROPERTY, "AVX2, fma ,bmi2");
      assertEquals(java.util.Set.of("avx2", "fma", "bmi2"), CpuFeatures.current());
    } finally {
      if (before == null) {
        System.clearProperty(CpuFeatures.FLAGS_PROPERTY);
      } else {
        System.setProperty(CpuFeatures.FLAGS_PROPERTY, before);
      }
    }
  }
}
