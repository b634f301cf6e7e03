package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice.Library;

/** Which library computes the matrix products, from processor-flag fixtures and the user's property. */
class MatrixLibraryChoiceTest {

  private static final Set<String> ZEN5 = CpuFeatures.parseFlags("flags : fpu avx avx2 fma bmi2 avx512f avx512dq "
      + "avx512cd avx512bw avx512vl avx512_bf16");
  private static final Set<String> ZEN3 = CpuFeatures.parseFlags("flags : fpu avx avx2 fma bmi2 sha_ni");

  @Test
  void oneDnnWhereAvx512PaysAndItIsPackaged() {
    assertEquals(Library.ONEDNN, MatrixLibraryChoice.decide(null, ZEN5, true).library);
    assertEquals(Library.ONEDNN, MatrixLibraryChoice.decide(" Auto ", ZEN5, true).library);
    assertEquals(Library.OPENBLAS, MatrixLibraryChoice.decide(null, ZEN3, true).library);
    assertEquals(Library.OPENBLAS, MatrixLibraryChoice.decide(null, Set.of(), true).library, "unknown processor");
    MatrixLibraryChoice unpackaged = MatrixLibraryChoice.decide(null, ZEN5, false);
    assertEquals(Library.OPENBLAS, unpackaged.library);
    assertTrue(unpackaged.reason.contains("no oneDNN"), unpackaged.reason);
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
