package weka.classifiers.functions.bnmlp.predict;

import java.util.Arrays;

import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;

/**
 * One prediction thread's count of hidden-unit activity over the chunks it ran: per hidden layer,
 * each unit's largest activation output and how many outputs were inactive. Tallies of several
 * threads merge into the same result however the chunks were shared out (maxima and whole counts).
 */
final class ActivityTally {

  /** Count LeakyReLU's negative outputs ({@code < 0}) rather than ReLU's zeros ({@code <= 0}). */
  final boolean leaky;
  final float[][] max;
  final long[] inactive;
  long rows;

  ActivityTally(int[] widths, boolean leaky) {
    this.leaky = leaky;
    max = new float[widths.length][];
    inactive = new long[widths.length];
    for (int l = 0; l < widths.length; l++) {
      max[l] = new float[widths[l]];
      Arrays.fill(max[l], Float.NEGATIVE_INFINITY);
    }
  }

  void add(ActivityTally other) {
    for (int l = 0; l < max.length; l++) {
      for (int u = 0; u < max[l].length; u++) {
        max[l][u] = Math.max(max[l][u], other.max[l][u]);
      }
      inactive[l] += other.inactive[l];
    }
    rows += other.rows;
  }

  UnitActivity activity() {
    double[][] maxOutput = new double[max.length][];
    double[] inactiveCount = new double[max.length];
    for (int l = 0; l < max.length; l++) {
      maxOutput[l] = new double[max[l].length];
      for (int u = 0; u < max[l].length; u++) {
        maxOutput[l][u] = max[l][u];
      }
      inactiveCount[l] = inactive[l];
    }
    return new UnitActivity(leaky, maxOutput, inactiveCount, rows);
  }
}
