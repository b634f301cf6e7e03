package weka.classifiers.functions.bnmlp.cpu;

import static weka.classifiers.functions.bnmlp.cpu.CpuScratch.BLOCK_ROWS;
import static weka.classifiers.functions.bnmlp.cpu.CpuScratch.read;
import static weka.classifiers.functions.bnmlp.cpu.CpuScratch.write;

import java.nio.FloatBuffer;

/**
 * Batch normalization's passes over rows for {@link CpuBatchNorm}, each over rows {@code [r0, r1)} of
 * row-major {@code [rows, n]} matrices in one thread's {@link CpuScratch}, whose column sums hold the
 * partial results. In blocks of rows, for the reason {@link CpuScratch} gives.
 */
final class BatchNormRowPasses {

  private BatchNormRowPasses() {
  }

  /** Column sums of {@code x - first} and of its square over rows {@code [r0, r1)}, into the sums. */
  static void partialMoments(CpuScratch s, FloatBuffer x, int r0, int r1, int n, float[] first) {
    s.ensure(n);
    s.clearSums(n);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      momentsBlock(s, x, r, Math.min(r1, r + BLOCK_ROWS), n, first);
    }
  }

  private static void momentsBlock(CpuScratch s, FloatBuffer x, int r0, int r1, int n, float[] first) {
    for (int r = r0; r < r1; r++) {
      read(x, r * n, s.a, n);
      RowLoops.deviationSums(s.a, first, s.block1, s.block2, n);
    }
    s.flushBlock(n);
  }

  /**
   * Rows {@code [r0, r1)}: {@code act = f(z)}, and the column sums of {@code act - first} and of its
   * square (as {@link #partialMoments}) from the same row while it is at hand.
   */
  static void activateWithMoments(CpuScratch s, FloatBuffer z, FloatBuffer act, int r0, int r1, int n, float alpha,
      float[] first) {
    s.ensure(n);
    s.clearSums(n);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      activateWithMomentsBlock(s, z, act, r, Math.min(r1, r + BLOCK_ROWS), n, alpha, first);
    }
  }

  private static void activateWithMomentsBlock(CpuScratch s, FloatBuffer z, FloatBuffer act, int r0, int r1, int n,
      float alpha, float[] first) {
    for (int r = r0; r < r1; r++) {
      read(z, r * n, s.a, n);
      RowLoops.activation(s.a, s.b, alpha, n);
      write(act, r * n, s.b, n);
      RowLoops.deviationSums(s.b, first, s.block1, s.block2, n);
    }
    s.flushBlock(n);
  }

  /** Rows {@code [r0, r1)}: {@code out = in * scale + shift}, then the activation when {@code activate}. */
  static void scaleShift(CpuScratch s, FloatBuffer in, FloatBuffer out, int r0, int r1, int n, float[] scale,
      float[] shift, boolean activate, float alpha) {
    s.ensure(n);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      scaleShiftBlock(s, in, out, r, Math.min(r1, r + BLOCK_ROWS), n, scale, shift, activate, alpha);
    }
  }

  private static void scaleShiftBlock(CpuScratch s, FloatBuffer in, FloatBuffer out, int r0, int r1, int n,
      float[] scale, float[] shift, boolean activate, float alpha) {
    for (int r = r0; r < r1; r++) {
      read(in, r * n, s.a, n);
      if (activate) {
        RowLoops.scaledActivation(s.a, scale, shift, alpha, s.c, n);
        write(out, r * n, s.c, n);
      } else {
        RowLoops.multiplyAdd(s.a, scale, shift, s.b, n);
        write(out, r * n, s.b, n);
      }
    }
  }

  /**
   * Column sums over rows {@code [r0, r1)} of g and of {@code g (x - mean)}, g being the gradient at
   * BN's output: {@code d} passed back through the activation of {@code x scale + shift} when
   * {@code maskByBn} (placement before: x is BN's input, d the activation's gradient), else {@code d}.
   */
  static void partialGradientSums(CpuScratch s, FloatBuffer x, FloatBuffer d, int r0, int r1, int n, float[] mean,
      float[] scale, float[] shift, boolean maskByBn, float alpha, FloatBuffer maskedOut) {
    s.ensure(n);
    s.clearSums(n);
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      gradientSumsBlock(s, x, d, r, Math.min(r1, r + BLOCK_ROWS), n, mean, scale, shift, maskByBn, alpha,
          maskedOut);
    }
  }

  private static void gradientSumsBlock(CpuScratch s, FloatBuffer x, FloatBuffer d, int r0, int r1, int n,
      float[] mean, float[] scale, float[] shift, boolean maskByBn, float alpha, FloatBuffer maskedOut) {
    for (int r = r0; r < r1; r++) {
      read(x, r * n, s.a, n);
      read(d, r * n, s.b, n);
      if (maskByBn) {
        RowLoops.mask(s.a, s.b, scale, shift, alpha, s.c, n);
        write(maskedOut, r * n, s.c, n); // so that the second pass need not mask again
      }
      RowLoops.centredSums(s.a, maskByBn ? s.c : s.b, mean, s.block1, s.block2, n);
    }
    s.flushBlock(n);
  }

  /**
   * Rows {@code [r0, r1)}: BN's input gradient {@code k1 g + k2 x + k3}. Placement before: g is
   * {@code d}, already masked by {@link #partialGradientSums}, and the result goes to {@code out}. Placement
   * after: g is {@code d}, and the result passes back through the activation whose output is x; with
   * {@code biasSums} its column sums (the bias gradient) go to the first sums.
   */
  static void applyGradient(CpuScratch s, FloatBuffer x, FloatBuffer d, FloatBuffer out, int r0, int r1, int n,
      float[] k1, float[] k2, float[] k3, float[] scale, float[] shift, boolean placementBefore, float alpha,
      boolean biasSums) {
    s.ensure(n);
    if (biasSums) {
      s.clearSums(n);
    }
    for (int r = r0; r < r1; r += BLOCK_ROWS) {
      applyGradientBlock(s, x, d, out, r, Math.min(r1, r + BLOCK_ROWS), n, k1, k2, k3, placementBefore, alpha,
          biasSums);
    }
  }

  private static void applyGradientBlock(CpuScratch s, FloatBuffer x, FloatBuffer d, FloatBuffer out, int r0,
      int r1, int n, float[] k1, float[] k2, float[] k3, boolean placementBefore, float alpha, boolean biasSums) {
    for (int r = r0; r < r1; r++) {
      read(x, r * n, s.a, n);
      read(d, r * n, s.b, n);
      if (placementBefore) {
        RowLoops.affineGradient(s.a, s.b, k1, k2, k3, s.d, n);
      } else {
        RowLoops.affineGradient(s.a, s.b, k1, k2, k3, s.c, n);
        RowLoops.maskByOutput(s.a, s.c, alpha, s.d, n);
        if (biasSums) {
          RowLoops.add(s.d, s.block1, n);
        }
      }
      write(out, r * n, s.d, n);
    }
    if (biasSums) {
      s.flushBlock(n);
    }
  }
}
