package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which OpenBLAS kernels are asked for, from /proc/cpuinfo flag fixtures. */
class BlasCoreChoiceTest {

  // flags lines of real processors, shortened to what matters
  private static final String ZEN5 = "flags : fpu sse sse2 avx avx2 fma bmi2 avx512f avx512dq avx512cd avx512bw "
      + "avx512vl avx512_bf16 avx512vnni";
  private static final String ZEN3 = "flags : fpu sse sse2 avx avx2 fma bmi2 sha_ni";
  private static final String KNL = "flags : fpu sse sse2 avx avx2 fma avx512f avx512cd avx512er avx512pf";

  @Test
  void asksForTheAvx512KernelsWhereTheProcessorHasThem() {
    assertEquals("SkylakeX", BlasCoreChoice.coreToRequest(flags(ZEN5), null));
  }

  @Test
  void leavesOpenBlasAloneWithoutTheFullAvx512Set() {
    assertNull(BlasCoreChoice.coreToRequest(flags(ZEN3), null));
    assertNull(BlasCoreChoice.coreToRequest(flags(KNL), null), "AVX-512F without BW/DQ/VL is not enough");
    assertNull(BlasCoreChoice.coreToRequest(new HashSet<>(), null), "unknown processor (not Linux)");
  }

  @Test
  void theUsersOwnSettingWins() {
    assertNull(BlasCoreChoice.coreToRequest(flags(ZEN5), "Haswell"));
    assertEquals("SkylakeX", BlasCoreChoice.coreToRequest(flags(ZEN5), " "), "a blank setting is no setting");
  }

  private static Set<String> flags(String cpuinfo) {
    return CpuFeatures.parseFlags(cpuinfo);
  }

  @Test
  void hintsWhenTheUsersSettingHoldsBackAnAvx512Processor() {
    String hint = BlasCoreChoice.advice(flags(ZEN5), "Haswell");
    org.junit.jupiter.api.Assertions.assertTrue(hint.startsWith("OPENBLAS_CORETYPE=Haswell is set"), hint);
    assertNull(BlasCoreChoice.advice(flags(ZEN5), "SkylakeX"));
    assertNull(BlasCoreChoice.advice(flags(ZEN3), "Haswell"));
    assertNull(BlasCoreChoice.advice(flags(ZEN5), null));
  }
}
