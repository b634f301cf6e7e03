package weka.classifiers.functions.bnmlp.diagnostics;

import java.io.Serializable;

/**
 * Per hidden unit, its largest activation output over some rows, and per layer how many (row, unit)
 * pairs were inactive: what a dead-unit report is made of, in a form that adds up over parts of a
 * data set (e.g. the partitions of a distributed one), so the report of the whole can be made from
 * the parts' activities.
 */
public final class UnitActivity implements Serializable {

  private static final long serialVersionUID = 1L;

  private final boolean leaky;
  private final double[][] maxOutput;
  private final double[] inactiveCount;
  private final long rows;

  /**
   * @param leaky count LeakyReLU all-negative units (output {@code < 0}) rather than dead ones ({@code <= 0})
   * @param maxOutput per layer, per unit, the largest activation output seen (-infinity when no rows)
   * @param inactiveCount per layer, the (row, unit) pairs whose output was inactive
   */
  public UnitActivity(boolean leaky, double[][] maxOutput, double[] inactiveCount, long rows) {
    this.leaky = leaky;
    this.maxOutput = maxOutput;
    this.inactiveCount = inactiveCount;
    this.rows = rows;
  }

  /** The activity over both sets of rows (of the same network). */
  public UnitActivity plus(UnitActivity other) {
    if (other.maxOutput.length != maxOutput.length || other.leaky != leaky) {
      throw new IllegalArgumentException("activities of different networks");
    }
    double[][] max = new double[maxOutput.length][];
    double[] inactive = new double[maxOutput.length];
    for (int l = 0; l < max.length; l++) {
      if (other.maxOutput[l].length != maxOutput[l].length) {
        throw new IllegalArgumentException("activities of different networks: layer " + (l + 1) + " has "
            + maxOutput[l].length + " and " + other.maxOutput[l].length + " units");
      }
      max[l] = new double[maxOutput[l].length];
      for (int u = 0; u < max[l].length; u++) {
        max[l][u] = Math.max(maxOutput[l][u], other.maxOutput[l][u]);
      }
      inactive[l] = inactiveCount[l] + other.inactiveCount[l];
    }
    return new UnitActivity(leaky, max, inactive, rows + other.rows);
  }

  public long rows() {
    return rows;
  }

  /** Units that never fired on these rows, per layer. */
  public DeadUnitReport report() {
    LayerActivity[] layers = new LayerActivity[maxOutput.length];
    for (int l = 0; l < layers.length; l++) {
      int units = maxOutput[l].length;
      int dead = 0;
      for (double m : maxOutput[l]) {
        if (rows > 0 && (leaky ? m < 0 : m <= 0)) {
          dead++;
        }
      }
      double fraction = rows == 0 ? 0 : inactiveCount[l] / ((double) rows * units);
      layers[l] = new LayerActivity(units, dead, fraction);
    }
    return new DeadUnitReport(leaky, (int) Math.min(Integer.MAX_VALUE, rows), layers);
  }
}
