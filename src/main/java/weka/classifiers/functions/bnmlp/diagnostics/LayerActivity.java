package weka.classifiers.functions.bnmlp.diagnostics;

import java.io.Serializable;

/**
 * How the units of one hidden layer behaved on a data set. A unit is <em>dead</em> (ReLU) when its
 * activation input was {@code <= 0} for every instance, so its output was exactly 0 everywhere;
 * with LeakyReLU the same count means <em>all-negative</em> (input {@code < 0} everywhere: the
 * unit only ever passes alpha times its input and gets gradient alpha, not zero).
 */
public final class LayerActivity implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int units;
  private final int inactiveUnits;
  private final double inactiveFraction;

  /**
   * @param units the layer's width
   * @param inactiveUnits dead (ReLU) or all-negative (LeakyReLU) units
   * @param inactiveFraction fraction of (instance, unit) pairs whose activation was zero (ReLU) or
   *        negative (LeakyReLU)
   */
  public LayerActivity(int units, int inactiveUnits, double inactiveFraction) {
    this.units = units;
    this.inactiveUnits = inactiveUnits;
    this.inactiveFraction = inactiveFraction;
  }

  public int units() {
    return units;
  }

  public int inactiveUnits() {
    return inactiveUnits;
  }

  public double inactiveUnitFraction() {
    return units == 0 ? 0 : inactiveUnits / (double) units;
  }

  public double inactiveFraction() {
    return inactiveFraction;
  }
}
