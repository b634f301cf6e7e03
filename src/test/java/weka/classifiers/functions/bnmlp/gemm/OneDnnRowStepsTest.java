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
 * oneDNN's row steps against the same computed by hand in double precision: the in-place shift and
 * activation {@code f(z + shift)} and the softmax, on a block of rows in the middle of a larger matrix
 * (as the kernels hand it a piece); from several threads at once; and the limit on the shapes made.
 */
class OneDnnRowStepsTest {

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
    LibraryRowSteps pass = LibraryRowSteps.of(gemm());
    float[] z = matrix(total, n, rows * 7L + n);
    float[] shift = shift(n, n);
    FloatPointer zp = new FloatPointer(z);
    FloatPointer sp = new FloatPointer(shift);
    assertTrue(pass.shiftActivation(rows, n, zp.position((long) r0 * n), sp, alpha));
    float[] got = new float[z.length];
    zp.position(0).get(got);
    assertArrayEquals(byHand(z, shift, n, r0, r0 + rows, alpha), got, 1e-6f);
    if (alpha == 0) {
      for (int r = r0; r < r0 + rows; r++) {
        assertEquals(0f, got[r * n], "column 0, shifted far below 0, is zeroed by ReLU at row " + r);
      }
    }
  }

  @ParameterizedTest(name = "{0} of {1} rows from row {2}, {3} classes")
  @CsvSource({"1024, 1024, 0, 10", "512, 1024, 512, 10", "37, 100, 41, 3", "1, 3, 2, 2", "5, 5, 0, 1"})
  void softmaxOfItsRowsOnly(int rows, int total, int r0, int n) {
    LibraryRowSteps steps = LibraryRowSteps.of(gemm());
    float[] logits = matrix(total, n, rows * 3L + n);
    logits[r0 * n] = 80f; // exp(80) overflows float: the row's largest value must come out first
    float[] before = new float[total * n];
    java.util.Arrays.fill(before, -1f);
    FloatPointer lp = new FloatPointer(logits);
    FloatPointer pp = new FloatPointer(before);
    assertTrue(steps.softmax(rows, n, lp.position((long) r0 * n), pp.position((long) r0 * n)));
    float[] got = new float[total * n];
    pp.position(0).get(got);
    for (int r = 0; r < total; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, logits[r * n + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(logits[r * n + j] - max);
      }
      for (int j = 0; j < n; j++) {
        double expected = r >= r0 && r < r0 + rows ? Math.exp(logits[r * n + j] - max) / sum : -1;
        assertEquals(expected, got[r * n + j], 1e-6 * (1 + expected), "row " + r + ", class " + j);
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
          LibraryRowSteps own = LibraryRowSteps.of(gemm);
          float[] z = matrix(rows, n, seed);
          float[] shift = shift(n, seed + 10);
          float[] expected = byHand(z, shift, n, 0, rows, alpha);
          FloatPointer zp = new FloatPointer((long) rows * n);
          FloatPointer sp = new FloatPointer(shift);
          float[] got = new float[z.length];
          int differing = 0;
          for (int i = 0; i < 300; i++) {
            zp.put(z);
            own.shiftActivation(rows, n, zp, sp, alpha);
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
    LibraryRowSteps pass = LibraryRowSteps.of(gemm());
    float[] z = matrix(10, 8, 1);
    FloatPointer zp = new FloatPointer(z);
    FloatPointer sp = new FloatPointer(shift(8, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pass.shiftActivation(4, 8, zp.position(7 * 8), sp, 0f));
    assertTrue(e.getMessage().contains("[4 x 8]") && e.getMessage().contains("24"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pass.shiftActivation(2, 8, zp.position(0), new FloatPointer(3), 0f));
    assertThrows(IllegalArgumentException.class, () -> pass.softmax(2, 8, zp.position(0), new FloatPointer(15)));
    float[] after = new float[z.length];
    zp.position(0).get(after);
    assertArrayEquals(z, after, 0f);
  }

  @Test
  void refusesShapesBeyondItsLimitAndLeavesTheMatrixAsItWas() {
    OneDnnRowSteps.Shapes shapes =
        new OneDnnRowSteps.Shapes(((OneDnnSgemm) gemm()).batchNormShapes::engine);
    OneDnnRowSteps pass = new OneDnnRowSteps(shapes);
    FloatPointer sp = new FloatPointer(shift(4, 1));
    for (int rows = 1; rows <= LibraryRowSteps.MAX_SHAPES; rows++) {
      assertTrue(pass.shiftActivation(rows, 4, new FloatPointer(matrix(rows, 4, rows)), sp, 0f), rows + " rows");
    }
    float[] z = matrix(LibraryRowSteps.MAX_SHAPES + 1, 4, 5);
    FloatPointer zp = new FloatPointer(z);
    assertFalse(pass.shiftActivation(LibraryRowSteps.MAX_SHAPES + 1, 4, zp, sp, 0f));
    float[] after = new float[z.length];
    zp.get(after);
    assertArrayEquals(z, after, 0f);
    assertTrue(pass.shiftActivation(3, 4, new FloatPointer(matrix(3, 4, 3)), sp, 0f), "a shape already made is still run");
  }
}
