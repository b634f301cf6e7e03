package weka.classifiers.functions.bnmlp.tools;

import java.util.concurrent.CyclicBarrier;

import org.bytedeco.javacpp.FloatPointer;

import weka.classifiers.functions.bnmlp.gemm.Sgemm;

/**
 * The best rate a matrix library reaches on one large square product (2048), split by rows over
 * {@code threads} threads as the CPU kernels split theirs: the ceiling a training step's products
 * can be compared with.
 */
final class PeakRate {

  private static final int N = 2048;
  private static final int REPEATS = 3;

  private PeakRate() {
  }

  /** GFLOP/s of the fastest of a few {@code N x N x N} products, each thread computing its rows. */
  static double gflops(Sgemm gemm, int threads) {
    int parts = Math.max(1, threads);
    FloatPointer a = filled(N * N);
    FloatPointer b = filled(N * N);
    FloatPointer c = new FloatPointer((long) N * N);
    try {
      double best = Double.MAX_VALUE;
      for (int r = 0; r < REPEATS; r++) {
        best = Math.min(best, timeOnce(gemm, parts, a, b, c));
      }
      return 2.0 * N * N * N / best / 1e9;
    } finally {
      a.close();
      b.close();
      c.close();
    }
  }

  private static double timeOnce(Sgemm gemm, int parts, FloatPointer a, FloatPointer b, FloatPointer c) {
    CyclicBarrier start = new CyclicBarrier(parts + 1);
    CyclicBarrier end = new CyclicBarrier(parts + 1);
    Thread[] workers = new Thread[parts];
    for (int p = 0; p < parts; p++) {
      int from = N * p / parts;
      int rows = N * (p + 1) / parts - from;
      FloatPointer rowsOfA = new FloatPointer(a).position((long) from * N); // own views: position is per object
      FloatPointer rowsOfC = new FloatPointer(c).position((long) from * N);
      FloatPointer allOfB = new FloatPointer(b);
      workers[p] = new Thread(() -> {
        await(start);
        gemm.multiply(false, false, rows, N, N, rowsOfA, N, allOfB, N, 0f, rowsOfC, N);
        await(end);
      });
      workers[p].start();
    }
    await(start);
    long t0 = System.nanoTime();
    await(end);
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return seconds;
  }

  private static FloatPointer filled(int n) {
    float[] values = new float[n];
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < n; i++) {
      values[i] = random.nextFloat() - 0.5f;
    }
    return new FloatPointer(values);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
