package weka.classifiers.functions.bnmlp.gemm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.runtime.ChildJvm;

/**
 * In fresh JVMs (oneDNN takes its instruction cap once), seeing the flags of other processors through
 * {@link CpuFeatures#FLAGS_PROPERTY}: which library the products run on and which kernels oneDNN
 * generated, as oneDNN itself reports them. A case that needs instructions this host lacks is skipped
 * (oneDNN never generates what the processor cannot run, so there is nothing to see there).
 */
class OneDnnIsaCapTest {

  private static final String AVX2_ONLY = "fpu,sse2,ssse3,sse4_1,sse4_2,avx,avx2,fma,bmi1,bmi2";
  private static final String PRE_AVX2 = "fpu,sse2,ssse3,sse4_1,sse4_2,popcnt";

  @Test
  void anAvx2ProcessorGetsOneDnnsAvx2Kernels() throws Exception {
    assumeTrue(CpuFeatures.linuxFlags().containsAll(Arrays.asList("avx2", "fma")), "this host has no AVX2");
    String line = backendLine(AVX2_ONLY, null);
    assertTrue(line.contains("matrix products on oneDNN 2.5.2 avx2 (AVX2), BN's training steps on oneDNN"), line);
  }

  @Test
  void aProcessorWithoutAvx2GetsOpenBlasUnlessOneDnnIsAskedFor() throws Exception {
    String line = backendLine(PRE_AVX2, null);
    assertTrue(line.contains("matrix products on OpenBLAS"), line);
    assertTrue(line.contains("(no AVX2)"), line);
    assertFalse(line.contains("BN's training steps on oneDNN"), line);
    String asked = backendLine(PRE_AVX2, "onednn");
    assertTrue(asked.contains("matrix products on oneDNN 2.5.2 sse41"), asked);
    // below AVX2, oneDNN's batch normalization is a plain loop: the package's own runs instead
    assertFalse(asked.contains("BN's training steps on oneDNN"), asked);
  }

  @Test
  void anAvx512ProcessorKeepsItsAvx512Kernels() throws Exception {
    assumeTrue(CpuFeatures.linuxFlags().contains("avx512f"), "this host has no AVX-512");
    String line = backendLine(String.join(",", CpuFeatures.linuxFlags()), null);
    assertTrue(line.contains("matrix products on oneDNN 2.5.2 avx512"), line);
    assertTrue(line.contains("BN's training steps on oneDNN"), line);
    assertFalse(line.contains("(AVX2)"), line);
  }

  /** The backend line printed by a new JVM that sees {@code flags}, with the matrix library property {@code library}. */
  private static String backendLine(String flags, String library) throws Exception {
    List<String> options = new ArrayList<>(List.of("-D" + CpuFeatures.FLAGS_PROPERTY + "=" + flags));
    if (library != null) {
      options.add("-Dbnmlp.matrixLibrary=" + library);
    }
    Map<String, String> environment = new HashMap<>();
    environment.put("DNNL_MAX_CPU_ISA", null);
    return ChildJvm.backendLine(options, environment);
  }
}
