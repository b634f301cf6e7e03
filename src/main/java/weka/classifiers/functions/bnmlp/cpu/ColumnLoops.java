package weka.classifiers.functions.bnmlp.cpu;

/**
 * Batch normalization's per-column arithmetic between its row passes (statistics, coefficients,
 * gradient coefficients), one loop per small static method. In the methods that orchestrate a step
 * these loops made C2 compile each method twice (on-stack, then whole) into 30-60 kB of code, 0.5 s
 * of compiler time in all, during the first timed epoch, on the cores the training runs on; here
 * each compiles once into a few kB, and the orchestrating methods, left without loops, stay cheap.
 */
final class ColumnLoops {

  private ColumnLoops() {
  }

  /** The batch mean and biased variance from sums of deviations from each column's first value. */
  static void moments(double[] sums1, double[] sums2, float[] first, int rows, float[] mean, float[] var, int n) {
    for (int j = 0; j < n; j++) {
      double dev = sums1[j] / rows;
      mean[j] = (float) (first[j] + dev);
      var[j] = (float) Math.max(0, sums2[j] / rows - dev * dev);
    }
  }

  /**
   * The inverse std from the batch variance, and the running statistics moved towards the batch's
   * by {@code momentum} ({@code unbiased} scales the variance).
   */
  static void derived(float[] mean, float[] var, double epsilon, double momentum, double unbiased, float[] inv,
      float[] runMean, float[] runVar, int n) {
    for (int j = 0; j < n; j++) {
      double v = var[j];
      inv[j] = (float) (1 / Math.sqrt(v + epsilon));
      runMean[j] = (float) ((1 - momentum) * runMean[j] + momentum * mean[j]);
      runVar[j] = (float) ((1 - momentum) * runVar[j] + momentum * v * unbiased);
    }
  }

  /** {@code scale *= inv}, {@code shift -= mean scale}: BN as one multiply-add. */
  static void coefficients(float[] inv, float[] mean, float[] scale, float[] shift, int n) {
    for (int j = 0; j < n; j++) {
      scale[j] *= inv[j];
      shift[j] -= mean[j] * scale[j];
    }
  }

  static void multiply(float[] factor, float[] into, int n) {
    for (int j = 0; j < n; j++) {
      into[j] *= factor[j];
    }
  }

  static void toFloats(double[] from, float[] into, int n) {
    for (int j = 0; j < n; j++) {
      into[j] = (float) from[j];
    }
  }

  /**
   * The inverse std from the running variance in {@code inv} (in place), and {@code mean} less the
   * bias {@code bias} (null: none).
   */
  static void running(float[] inv, float[] mean, float[] bias, double epsilon, int n) {
    for (int j = 0; j < n; j++) {
      inv[j] = (float) (1 / Math.sqrt(inv[j] + epsilon));
      if (bias != null) {
        mean[j] -= bias[j];
      }
    }
  }

  /**
   * From the sums of g and of g (x - mean), with g the gradient at BN's output and {@code scale} =
   * gamma invStd: dGamma, dBeta, and the coefficients of {@code dx = k1 g + k2 x + k3}.
   */
  static void gradient(double[] sums1, double[] sums2, float[] scale, float[] inv, float[] mean, int rows,
      float[] k1, float[] k2, float[] k3, float[] dGamma, float[] dBeta, int n) {
    for (int j = 0; j < n; j++) {
      double sumG = sums1[j];
      double sumGc = sums2[j];
      double coef = scale[j] / (double) rows; // gamma invStd / B
      double sumGh = sumGc * inv[j];
      k1[j] = (float) (coef * rows);
      k2[j] = (float) (-coef * sumGh * inv[j]);
      k3[j] = (float) (-coef * sumG + coef * sumGh * inv[j] * mean[j]);
      dGamma[j] = (float) sumGh;
      dBeta[j] = (float) sumG;
    }
  }
}
