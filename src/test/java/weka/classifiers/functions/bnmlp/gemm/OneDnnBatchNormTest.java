package weka.classifiers.functions.bnmlp.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * oneDNN's BN + ReLU training steps against batch normalization computed by hand in double precision,
 * and two networks' instances running at once (each must see only its own statistics).
 */
class OneDnnBatchNormTest {

  private static final float EPSILON = 1e-5f;

  private static LibraryBatchNorm library() {
    Sgemm gemm = MatrixLibraryTest.oneDnn();
    assumeTrue(LibraryBatchNorm.availableWith(gemm), "oneDNN generates no AVX2 code here");
    return LibraryBatchNorm.of(gemm);
  }

  /** One layer's arrays, filled from a seed; every value of a column is shifted by the column's offset. */
  private static final class Layer {
    final int rows;
    final int n;
    final FloatPointer x;
    final FloatPointer gammaBeta;
    final FloatPointer y;
    final FloatPointer mean;
    final FloatPointer variance;
    final FloatPointer workspace;
    final FloatPointer dy;
    final FloatPointer dx;
    final FloatPointer dGammaBeta;

    Layer(LibraryBatchNorm library, int rows, int n, long seed) {
      this.rows = rows;
      this.n = n;
      Random random = new Random(seed);
      x = new FloatPointer((long) rows * n);
      dy = new FloatPointer((long) rows * n);
      for (int i = 0; i < rows * n; i++) {
        x.put(i, (float) (3 * random.nextGaussian() + (i % n) - n / 2.0));
        dy.put(i, (float) random.nextGaussian());
      }
      gammaBeta = new FloatPointer(2L * n);
      for (int j = 0; j < n; j++) {
        gammaBeta.put(j, (float) (0.5 + random.nextDouble()));
        // column 0 all but dead (its BN output far below zero), column 1 nearly always active
        gammaBeta.put(n + j, j == 0 ? -4f : j == 1 ? 4f : (float) (random.nextDouble() - 0.5));
      }
      y = new FloatPointer((long) rows * n);
      mean = new FloatPointer(n);
      variance = new FloatPointer(n);
      workspace = new FloatPointer(library.workspaceFloats(rows, n, EPSILON));
      dx = new FloatPointer((long) rows * n);
      dGammaBeta = new FloatPointer(2L * n);
    }

    void step(LibraryBatchNorm library) {
      library.forward(rows, n, EPSILON, x, gammaBeta, y, mean, variance, workspace);
      library.backward(rows, n, EPSILON, x, gammaBeta, mean, variance, workspace, dy, dx, dGammaBeta);
    }

    float[] all(FloatPointer p, int count) {
      float[] out = new float[count];
      p.get(out);
      return out;
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"37, 20", "256, 256", "1, 3"})
  void matchesBatchNormAndReluComputedByHand(int rows, int n) {
    LibraryBatchNorm library = library();
    Layer l = new Layer(library, rows, n, rows * 31L + n);
    l.step(library);
    assertMatchesHand(l);
  }

  /**
   * The forward step in blocks of rows, each with the batch's statistics given (computed here by hand)
   * and its bits at its place in the batch's workspace, then the backward step over the whole batch:
   * the same as by hand.
   */
  @ParameterizedTest(name = "{0} x {1} in blocks of {2}")
  @CsvSource({"256, 64, 128", "100, 32, 37", "64, 256, 64"})
  void forwardInBlocksWithGivenStatisticsMatchesByHand(int rows, int n, int block) {
    LibraryBatchNorm library = library();
    Layer l = new Layer(library, rows, n, rows * 17L + n);
    for (int j = 0; j < n; j++) {
      double[] moments = moments(l, j);
      l.mean.put(j, (float) moments[0]);
      l.variance.put(j, (float) moments[1]);
    }
    assertTrue(library.takesStatistics(rows, n, EPSILON), "the whole batch, " + rows + " x " + n);
    for (int r0 = 0; r0 < rows; r0 += block) {
      int r = Math.min(block, rows - r0);
      assertTrue(library.takesStatistics(r, n, EPSILON), "a block of " + r + " x " + n);
      long at = (long) r0 * n;
      library.forwardGiven(r, n, EPSILON, new FloatPointer(l.x).position(at), l.gammaBeta,
          new FloatPointer(l.y).position(at), l.mean, l.variance, new FloatPointer(l.workspace).position(at / 32));
    }
    library.backward(rows, n, EPSILON, l.x, l.gammaBeta, l.mean, l.variance, l.workspace, l.dy, l.dx,
        l.dGammaBeta);
    assertMatchesHand(l);
  }

  /** Column {@code j}'s batch mean and biased variance, in double. */
  private static double[] moments(Layer l, int j) {
    int rows = l.rows;
    int n = l.n;
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += l.x.get((long) r * n + j);
    }
    double mu = sum / rows;
    double squares = 0;
    for (int r = 0; r < rows; r++) {
      double d = l.x.get((long) r * n + j) - mu;
      squares += d * d;
    }
    return new double[] {mu, squares / rows}; // biased, as BN normalizes with
  }

  /** Every output, statistic and gradient of {@code l}'s step against BN and ReLU computed by hand. */
  private static void assertMatchesHand(Layer l) {
    int rows = l.rows;
    int n = l.n;
    for (int j = 0; j < n; j++) {
      double[] moments = moments(l, j);
      double mu = moments[0];
      double var = moments[1];
      double inv = 1 / Math.sqrt(var + EPSILON);
      double gamma = l.gammaBeta.get(j);
      double beta = l.gammaBeta.get(n + j);
      assertEquals(mu, l.mean.get(j), 1e-4 * (1 + Math.abs(mu)), "mean of column " + j);
      assertEquals(var, l.variance.get(j), 1e-4 * (1 + var), "variance of column " + j);
      double sumG = 0;
      double sumGh = 0;
      double[] g = new double[rows];
      double[] xhat = new double[rows];
      for (int r = 0; r < rows; r++) {
        xhat[r] = (l.x.get((long) r * n + j) - mu) * inv;
        double out = Math.max(gamma * xhat[r] + beta, 0);
        assertEquals(out, l.y.get((long) r * n + j), 1e-4 * (1 + out), "output at " + r + ", " + j);
        g[r] = out > 0 ? l.dy.get((long) r * n + j) : 0; // through ReLU
        sumG += g[r];
        sumGh += g[r] * xhat[r];
      }
      assertEquals(sumGh, l.dGammaBeta.get(j), 1e-3 * (1 + Math.abs(sumGh)), "gamma's gradient, column " + j);
      assertEquals(sumG, l.dGammaBeta.get(n + j), 1e-3 * (1 + Math.abs(sumG)), "beta's gradient, column " + j);
      for (int r = 0; r < rows; r++) {
        double dx = gamma * inv / rows * (rows * g[r] - sumG - xhat[r] * sumGh);
        assertEquals(dx, l.dx.get((long) r * n + j), 1e-3 * (1 + Math.abs(dx)), "input gradient at " + r + ", " + j);
      }
    }
    if (rows > 1) {
      float[] y = l.all(l.y, rows * n);
      boolean deadColumn = true;
      for (int r = 0; r < rows; r++) {
        deadColumn &= y[r * n] == 0;
      }
      assertTrue(deadColumn, "column 0 is dead: ReLU zeroed its every value");
    }
  }

  @Test
  void twoNetworksAtOnceEachSeeTheirOwnBatch() throws Exception {
    LibraryBatchNorm aloneLibrary = library();
    Layer a = new Layer(aloneLibrary, 256, 256, 1);
    Layer b = new Layer(aloneLibrary, 256, 256, 2);
    a.step(aloneLibrary);
    b.step(aloneLibrary);
    float[] aDx = a.all(a.dx, 256 * 256);
    float[] bDx = b.all(b.dx, 256 * 256);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> fa = pool.submit(() -> stepsDifferingFrom(a, aDx));
      Future<Integer> fb = pool.submit(() -> stepsDifferingFrom(b, bDx));
      assertEquals(0, fa.get(), "steps of the first network that differed, trained next to the second");
      assertEquals(0, fb.get(), "steps of the second network that differed, trained next to the first");
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Many steps on a network's own instance (the shapes' primitives are shared), each on the same
   * batch: how many gave another input gradient than {@code expected}.
   */
  private static int stepsDifferingFrom(Layer l, float[] expected) {
    LibraryBatchNorm own = library();
    int differing = 0;
    for (int i = 0; i < 300; i++) {
      l.step(own);
      differing += java.util.Arrays.equals(expected, l.all(l.dx, l.rows * l.n)) ? 0 : 1;
    }
    return differing;
  }
}
