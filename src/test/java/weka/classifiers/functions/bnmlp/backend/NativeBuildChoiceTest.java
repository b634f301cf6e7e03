package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The build choice and JavaCPP's platform names, from fixtures (no JavaCPP is touched). */
class NativeBuildChoiceTest {

  private static final Set<String> ZEN3 = Set.of("sse4_2", "avx", "avx2", "fma", "bmi2");
  private static final Set<String> SKYLAKE_SP = Set.of("avx", "avx2", "fma", "bmi2", "avx512f", "avx512cd",
      "avx512bw", "avx512dq", "avx512vl");

  @Test
  void withoutAUserSettingTheBestPackagedBuildTheProcessorRunsIsChosen() throws Exception {
    assertEquals("-avx2", NativeBuildChoice.decide(null, ZEN3, e -> true).extension);
    assertEquals("-avx512", NativeBuildChoice.decide(null, SKYLAKE_SP, e -> true).extension);
    NativeBuildChoice generic = NativeBuildChoice.decide(null, SKYLAKE_SP, e -> false);
    assertEquals("", generic.extension, "only the generic build packaged");
    assertFalse(generic.usersChoice);
    assertEquals("linux-x86_64", generic.folder("linux-x86_64"));
  }

  @Test
  void aUsersBuildIsKeptWhereTheProcessorRunsIt() throws Exception {
    NativeBuildChoice choice = NativeBuildChoice.decide("-avx2", SKYLAKE_SP, e -> false);
    assertEquals("-avx2", choice.extension);
    assertTrue(choice.usersChoice);
    assertEquals("", NativeBuildChoice.decide("", SKYLAKE_SP, e -> true).extension, "the generic build asked for");
  }

  @Test
  void aUsersBuildTheProcessorCannotRunIsRefusedNamingWhatIsMissing() {
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> NativeBuildChoice.decide("-avx512", ZEN3, x -> true));
    assertTrue(e.getMessage().contains("avx512f, avx512cd, avx512bw, avx512dq, avx512vl"), e.getMessage());
    assertTrue(e.getMessage().contains("org.bytedeco.javacpp.platform.extension=-avx512"), e.getMessage());
  }

  @Test
  void theAvx512BuildNeedsTheAvx2FlagsToo() {
    assertEquals(List.of("bmi2"), CpuFeatures.missingFor("-avx512", Set.of("avx2", "fma", "avx512f", "avx512cd",
        "avx512bw", "avx512dq", "avx512vl")));
    assertEquals(List.of(), CpuFeatures.missingFor("", Set.of()), "the generic build runs anywhere");
  }

  @Test
  void platformNamesFollowJavaCpp() {
    assertEquals("linux-x86_64", NativePlatform.of("Linux", "amd64"));
    assertEquals("linux-arm64", NativePlatform.of("Linux", "aarch64"));
    assertEquals("windows-x86_64", NativePlatform.of("Windows 11", "amd64"));
    assertEquals("macosx-x86_64", NativePlatform.of("Mac OS X", "x86_64"));
    assertEquals("macosx-arm64", NativePlatform.of("Mac OS X", "aarch64"));
    assertEquals("linux-x86", NativePlatform.of("Linux", "i686"));
  }
}
