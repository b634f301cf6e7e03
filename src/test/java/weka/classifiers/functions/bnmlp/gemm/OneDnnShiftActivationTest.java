package weka.classifiers.functions.bnmlp.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * oneDNN's in-place shift and activation against {@code f(z + shift)} computed by hand, on a block of
 * rows in the middle of a larger matrix (as the kernels hand it a piece), from several threads at once,
 * and its limit on the shapes it makes.
 */
class OneDnnShiftActivationTest {

  private static Sgemm gemm() {
    Sgemm gemm = MatrixLibraryTest.oneDnn();
    assumeTrue(OneDnnSgemm.hasVectorKernels(gemm), "oneDNN generates no AVX2 code here");
    return gemm;
  }

  /** A matrix of {@code rows} rows of n values, random but with exact zeros and a column that a shift makes all-negative. */
  private static float[] matrix(int rows, int n, long seed) {
    Random random = new Random(seed);
    float[] z = new float[rows * n];
    for (int i = 0; i < z.length; i++) {
      z[i] = i % 7 == 3 ? 0f : (float) (3 * random.nextGaussian());
    }
    return z;
  }

  private static float[] shift(int n, long seed) {
    Random random = new Random(seed);
    float[] shift = new float[n];
    for (int j = 0; j < n; j++) {
      shift[j] = j == 0 ? -100f : j == 1 ? 0f : (float) random.nextGaussian();
    }
    return shift;
  }

  /** What the pass should leave in rows [r0, r1) of z (and z unchanged elsewhere), in double. */
  private static float[] byHand(float[] z, float[] shift, int n, int r0, int r1, float alpha) {
    float[] expected = z.clone();
    for (int r = r0; r < r1; r++) {
      for (int j = 0; j < n; j++) {
        double v = (double) z[r * n + j] + shift[j];
        expected[r * n + j] = (float) (v > 0 ? v : alpha * v);
      }
    }
    return expected;
  }

  @ParameterizedTest(name = "{0} of {1} rows from row {2}, {3} wide, alpha {4}")
  @CsvSource({"1024, 1024, 0, 256, 0", "512, 1024, 512, 256, 0", "37, 100, 41, 20, 0.01", "1, 3, 2, 5, 0.2",
      "3, 10, 4, 10, 0"})
  void shiftsAndActivatesItsRowsOnly(int rows, int total, int r0, int n, float alpha) {
    LibraryShiftActivation pass = LibraryShiftActivation.of(gemm());
    float[] z = matrix(total, n, rows * 7L + n);
    float[] shift = shift(n, n);
    FloatPointer zp = new FloatPointer(z);
    FloatPointer sp = new FloatPointer(shift);
    assertTrue(pass.apply(rows, n, zp.position((long) r0 * n), sp, alpha));
    float[] got = new float[z.length];
    zp.position(0).get(got);
    assertArrayEquals(byHand(z, shift, n, r0, r0 + rows, alpha), got, 1e-6f);
    if (alpha == 0) {
      for (int r = r0; r < r0 + rows; r++) {
        assertEquals(0f, got[r * n], "column 0, shifted far below 0, is zeroed by ReLU at row " + r);
      }
    }
  }

  @Test
  void instancesOnSeveralThreadsAtOnceEachComputeTheirOwn() throws Exception {
    Sgemm gemm = gemm();
    int rows = 256;
    int n = 128;
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long seed = t;
        float alpha = t == 2 ? 0.1f : 0f;
        wrong.add(pool.submit(() -> {
          LibraryShiftActivation own = LibraryShiftActivation.of(gemm);
          float[] z = matrix(rows, n, seed);
          float[] shift = shift(n, seed + 10);
          float[] expected = byHand(z, shift, n, 0, rows, alpha);
          FloatPointer zp = new FloatPointer((long) rows * n);
          FloatPointer sp = new FloatPointer(shift);
          float[] got = new float[z.length];
          int differing = 0;
          for (int i = 0; i < 300; i++) {
            zp.put(z);
            own.apply(rows, n, zp, sp, alpha);
            zp.get(got);
            for (int e = 0; e < got.length; e++) {
              if (Math.abs(got[e] - expected[e]) > 1e-6f) {
                differing++;
                break;
              }
            }
          }
          return differing;
        }));
      }
      for (int t = 0; t < 3; t++) {
        assertEquals(0, wrong.get(t).get(), "calls on thread " + t + " that computed something else");
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void refusesArraysTooShortForTheShapeBeforeAnyNativeWrite() {
    LibraryShiftActivation pass = LibraryShiftActivation.of(gemm());
    float[] z = matrix(10, 8, 1);
    FloatPointer zp = new FloatPointer(z);
    FloatPointer sp = new FloatPointer(shift(8, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pass.apply(4, 8, zp.position(7 * 8), sp, 0f));
    assertTrue(e.getMessage().contains("[4 x 8]") && e.getMessage().contains("24"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pass.apply(2, 8, zp.position(0), new FloatPointer(3), 0f));
    float[] after = new float[z.length];
    zp.position(0).get(after);
    assertArrayEquals(z, after, 0f);
  }

  @Test
  void refusesShapesBeyondItsLimitAndLeavesTheMatrixAsItWas() {
    OneDnnShiftActivation.Shapes shapes =
        new OneDnnShiftActivation.Shapes(((OneDnnSgemm) gemm()).batchNormShapes::engine);
    OneDnnShiftActivation pass = new OneDnnShiftActivation(shapes);
    FloatPointer sp = new FloatPointer(shift(4, 1));
    for (int rows = 1; rows <= LibraryShiftActivation.MAX_SHAPES; rows++) {
      assertTrue(pass.apply(rows, 4, new FloatPointer(matrix(rows, 4, rows)), sp, 0f), rows + " rows");
    }
    float[] z = matrix(LibraryShiftActivation.MAX_SHAPES + 1, 4, 5);
    FloatPointer zp = new FloatPointer(z);
    assertFalse(pass.apply(LibraryShiftActivation.MAX_SHAPES + 1, 4, zp, sp, 0f));
    float[] after = new float[z.length];
    zp.get(after);
    assertArrayEquals(z, after, 0f);
    assertTrue(pass.apply(3, 4, new FloatPointer(matrix(3, 4, 3)), sp, 0f), "a shape already made is still run");
  }
}
