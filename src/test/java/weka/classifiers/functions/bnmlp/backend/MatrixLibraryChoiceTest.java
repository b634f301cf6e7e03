package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice.IsaCap;
import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice.Library;

/** Which library computes the matrix products, from processor-flag fixtures and the user's property. */
class MatrixLibraryChoiceTest {

  private static final Set<String> ZEN5 = CpuFeatures.parseFlags("flags : fpu avx avx2 fma bmi2 avx512f avx512dq "
      + "avx512cd avx512bw avx512vl avx512_bf16");
  private static final Set<String> ZEN3 = CpuFeatures.parseFlags("flags : fpu avx avx2 fma bmi2 sha_ni");

  private static final Set<String> NEHALEM = CpuFeatures.parseFlags("flags : fpu sse2 ssse3 sse4_1 sse4_2 popcnt");

  @Test
  void oneDnnWhereThereIsAvx2OrAvx512AndItIsPackaged() {
    assertEquals(Library.ONEDNN, MatrixLibraryChoice.decide(null, ZEN5, true).library);
    assertEquals(Library.ONEDNN, MatrixLibraryChoice.decide(" Auto ", ZEN5, true).library);
    MatrixLibraryChoice zen3 = MatrixLibraryChoice.decide(null, ZEN3, true);
    assertEquals(Library.ONEDNN, zen3.library);
    assertEquals("AVX2", zen3.reason);
    MatrixLibraryChoice old = MatrixLibraryChoice.decide(null, NEHALEM, true);
    assertEquals(Library.OPENBLAS, old.library);
    assertEquals("no AVX2", old.reason);
    MatrixLibraryChoice unknown = MatrixLibraryChoice.decide(null, Set.of(), true);
    assertEquals(Library.OPENBLAS, unknown.library, "unknown processor");
    assertEquals("processor flags unknown", unknown.reason);
    MatrixLibraryChoice unpackaged = MatrixLibraryChoice.decide(null, ZEN5, false);
    assertEquals(Library.OPENBLAS, unpackaged.library);
    assertTrue(unpackaged.reason.contains("no oneDNN"), unpackaged.reason);
  }

  @Test
  void oneDnnIsCappedAtWhatTheFlagsName() {
    assertEquals(IsaCap.AVX512, MatrixLibraryChoice.decide(null, ZEN5, true).isaCap);
    assertEquals(IsaCap.AVX2, MatrixLibraryChoice.decide(null, ZEN3, true).isaCap);
    assertEquals(IsaCap.SSE41, MatrixLibraryChoice.decide("onednn", NEHALEM, true).isaCap);
    assertEquals(IsaCap.SSE41, MatrixLibraryChoice.decide("onednn", Set.of(), true).isaCap, "unknown processor");
    // AVX-512 flags without AVX2's FMA (no such processor, but flags come from a property too)
    Set<String> odd = CpuFeatures.parseFlags("flags : avx2 avx512f avx512dq avx512cd avx512bw avx512vl");
    assertEquals(IsaCap.SSE41, MatrixLibraryChoice.decide(null, odd, true).isaCap);
  }

  @Test
  void theUsersPropertyWins() {
    assertEquals(Library.OPENBLAS, MatrixLibraryChoice.decide("openblas", ZEN5, true).library);
    assertEquals(Library.ONEDNN, MatrixLibraryChoice.decide("oneDNN", ZEN3, true).library);
  }

  @Test
  void badValuesAreNamed() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> MatrixLibraryChoice.decide("mkl", ZEN5, true));
    assertTrue(bad.getMessage().contains("bnmlp.matrixLibrary=mkl"), bad.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> MatrixLibraryChoice.decide("onednn", ZEN5, false));
    assertTrue(missing.getMessage().contains("no oneDNN"), missing.getMessage());
  }
}
