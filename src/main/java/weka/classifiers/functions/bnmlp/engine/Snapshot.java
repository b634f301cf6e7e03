package weka.classifiers.functions.bnmlp.engine;

import java.io.Serializable;

/** A copy of a network's parameters and BN running statistics as plain arrays (serializable). */
public final class Snapshot implements Serializable {

  private static final long serialVersionUID = 1L;

  final double[] parameters;
  final double[] statistics;

  public Snapshot(double[] parameters, double[] statistics) {
    this.parameters = parameters;
    this.statistics = statistics;
  }

  public double[] parameters() {
    return parameters.clone();
  }

  public double[] statistics() {
    return statistics.clone();
  }
}
