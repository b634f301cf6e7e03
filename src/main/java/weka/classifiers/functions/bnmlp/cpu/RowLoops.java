package weka.classifiers.functions.bnmlp.cpu;

/**
 * The element loops of the CPU kernels' row passes, each over one row of {@code w} values: small
 * static methods over few arrays, which C2 vectorizes, while one loop doing all of it at once ran
 * several times slower (measured on JDK 17).
 */
final class RowLoops {

  private RowLoops() {
  }

  static void add(float[] x, float[] sum, int w) {
    for (int j = 0; j < w; j++) {
      sum[j] += x[j];
    }
  }

  static void add(double[] x, double[] sum, int w) {
    for (int j = 0; j < w; j++) {
      sum[j] += x[j];
    }
  }

  static void deviationSums(float[] x, float[] first, float[] sum, float[] sumSquares, int w) {
    for (int j = 0; j < w; j++) {
      float v = x[j] - first[j];
      sum[j] += v;
      sumSquares[j] += v * v;
    }
  }

  /** {@code max = max(max, x)}, element-wise. */
  static void maxInto(float[] x, float[] max, int w) {
    for (int j = 0; j < w; j++) {
      max[j] = Math.max(max[j], x[j]);
    }
  }

  /** How many values are inactive: {@code <= 0}, or {@code < 0} when {@code strict}. */
  static int inactive(float[] x, int w, boolean strict) {
    int count = 0;
    if (strict) {
      for (int j = 0; j < w; j++) {
        count += x[j] < 0 ? 1 : 0;
      }
    } else {
      for (int j = 0; j < w; j++) {
        count += x[j] <= 0 ? 1 : 0;
      }
    }
    return count;
  }

  static void multiplyAdd(float[] x, float[] scale, float[] shift, float[] out, int w) {
    for (int j = 0; j < w; j++) {
      out[j] = x[j] * scale[j] + shift[j];
    }
  }

  /** {@code out = f(x scale + shift)}, f as in {@link #activation}. */
  static void scaledActivation(float[] x, float[] scale, float[] shift, float alpha, float[] out, int w) {
    for (int j = 0; j < w; j++) {
      float v = x[j] * scale[j] + shift[j];
      out[j] = Math.max(v, 0f) + alpha * Math.min(v, 0f);
    }
  }

  /** {@code out = f(x + shift)}, f as in {@link #activation}. */
  static void shiftedActivation(float[] x, float[] shift, float alpha, float[] out, int w) {
    for (int j = 0; j < w; j++) {
      float v = x[j] + shift[j];
      out[j] = Math.max(v, 0f) + alpha * Math.min(v, 0f);
    }
  }

  /** ReLU ({@code alpha == 0}) or LeakyReLU, branch-free so that the loop vectorizes. */
  static void activation(float[] x, float[] out, float alpha, int w) {
    for (int j = 0; j < w; j++) {
      out[j] = Math.max(x[j], 0f) + alpha * Math.min(x[j], 0f);
    }
  }

  /** {@code g = dAct * activation'(u scale + shift)}: the gradient at BN's output (placement before). */
  static void mask(float[] u, float[] dAct, float[] scale, float[] shift, float alpha, float[] g, int w) {
    for (int j = 0; j < w; j++) {
      float s = step(u[j] * scale[j] + shift[j]);
      g[j] = dAct[j] * (alpha + (1 - alpha) * s);
    }
  }

  /** {@code g = dOut * activation'}, told by the activation's output {@code x} (positive where its input is). */
  static void maskByOutput(float[] x, float[] dOut, float alpha, float[] g, int w) {
    for (int j = 0; j < w; j++) {
      float s = step(x[j]);
      g[j] = dOut[j] * (alpha + (1 - alpha) * s);
    }
  }

  /** Sums of g and of g (x - mean). */
  static void centredSums(float[] x, float[] g, float[] mean, float[] sumG, float[] sumGx, int w) {
    for (int j = 0; j < w; j++) {
      float gj = g[j];
      sumG[j] += gj;
      sumGx[j] += gj * (x[j] - mean[j]);
    }
  }

  /** {@code out = k1 g + k2 x + k3}. */
  static void affineGradient(float[] x, float[] g, float[] k1, float[] k2, float[] k3, float[] out, int w) {
    for (int j = 0; j < w; j++) {
      out[j] = k1[j] * g[j] + k2[j] * x[j] + k3[j];
    }
  }

  /** 1 for {@code v > 0}, 0 for {@code v <= 0}, without a branch (see {@link CpuKernels}). */
  private static float step(float v) {
    return Math.min(1f, Math.max(0f, v * Float.MAX_VALUE));
  }
}
