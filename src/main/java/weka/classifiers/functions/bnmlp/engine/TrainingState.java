package weka.classifiers.functions.bnmlp.engine;

import java.io.Serializable;

/**
 * Everything a training step depends on besides the data: parameters, BN running statistics and
 * the optimizer's moments and step count, as plain arrays. A data-parallel trainer hands one to
 * every replica at the start of a round and combines what they return.
 */
public final class TrainingState implements Serializable {

  private static final long serialVersionUID = 1L;

  public final double[] parameters;
  public final double[] statistics;
  /** Adam's first moment or SGD's velocity; null for plain SGD. */
  public final double[] firstMoment;
  /** Adam's second moment; null for SGD. */
  public final double[] secondMoment;
  public final int steps;

  public TrainingState(double[] parameters, double[] statistics, double[] firstMoment, double[] secondMoment,
      int steps) {
    this.parameters = parameters;
    this.statistics = statistics;
    this.firstMoment = firstMoment;
    this.secondMoment = secondMoment;
    this.steps = steps;
  }
}
