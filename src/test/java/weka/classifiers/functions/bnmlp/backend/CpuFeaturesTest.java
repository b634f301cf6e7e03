package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The choice of ND4J's native CPU build from the processor's flags and what the package holds. */
class CpuFeaturesTest {

  private static final String SKYLAKE_SP = "processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2 fma bmi2 avx512f avx512cd "
      + "avx512bw avx512dq avx512vl\n";
  private static final String HASWELL = "flags\t: fpu sse4_2 avx avx2 fma bmi2\n";
  private static final String SANDY_BRIDGE = "flags\t: fpu sse4_2 avx\n";

  @Test
  void theBestPackagedBuildTheProcessorSupportsIsChosen() {
    Set<String> skylake = CpuFeatures.parseFlags(SKYLAKE_SP);
    assertEquals("-avx512", CpuFeatures.bestExtension(skylake, e -> true));
    assertEquals("-avx2", CpuFeatures.bestExtension(skylake, e -> e.equals("-avx2")), "AVX-512 build not packaged");
    assertEquals("", CpuFeatures.bestExtension(skylake, e -> false), "only the generic build packaged");
    assertEquals("-avx2", CpuFeatures.bestExtension(CpuFeatures.parseFlags(HASWELL), e -> true));
    assertEquals("", CpuFeatures.bestExtension(CpuFeatures.parseFlags(SANDY_BRIDGE), e -> true));
    assertEquals("", CpuFeatures.bestExtension(CpuFeatures.parseFlags(""), e -> true), "unknown CPU: generic");
  }

  @Test
  void avx512NeedsAllTheSubsetsTheBuildUses() {
    Set<String> partial = CpuFeatures.parseFlags("flags : avx2 fma bmi2 avx512f avx512cd\n");
    assertEquals("-avx2", CpuFeatures.bestExtension(partial, e -> true));
  }

  @Test
  void thisMachinesFlagsAreRead() {
    assertTrue(CpuFeatures.linuxFlags().contains("sse2") || !System.getProperty("os.name").contains("Linux"));
  }

  @Test
  void benchmarksNameTheVectorInstructionsThePackageUses() {
    assertEquals("avx512", CpuFeatures.vectorIsa(CpuFeatures.parseFlags(
        "flags : avx2 fma bmi2 avx512f avx512cd avx512bw avx512dq avx512vl")));
    assertEquals("avx2", CpuFeatures.vectorIsa(CpuFeatures.parseFlags("flags : avx avx2 fma bmi2 avx512f")));
    assertEquals("sse", CpuFeatures.vectorIsa(CpuFeatures.parseFlags("flags : sse4_2 avx avx2")));
    String before = System.getProperty(CpuFeatures.FLAGS_PROPERTY);
    System.setProperty(CpuFeatures.FLAGS_PROPERTY, "sse2,avx,avx2,fma,bmi2");
    try {
      String seen = CpuFeatures.describe();
      assertTrue(seen.contains("vector ISA avx2 (through bnmlp.cpuFlags; the processor itself: "), seen);
    } finally {
      if (before == null) {
        System.clearProperty(CpuFeatures.FLAGS_PROPERTY);
      } else {
        System.setProperty(CpuFeatures.FLAGS_PROPERTY, before);
      }
    }
  }
}
