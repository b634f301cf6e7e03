package weka.classifiers.functions.bnmlp.spark;

import java.io.Serializable;

import weka.classifiers.functions.bnmlp.engine.TrainingState;

/**
 * Replicas' training states after a round, summed with each replica weighted by the steps it took
 * (a replica that had no minibatch left adds nothing), plus the round's loss. Combined pairwise in
 * Spark's tree aggregation; the driver divides at the end.
 */
final class PartialSum implements Serializable {

  private static final long serialVersionUID = 1L;

  private double[] parameters;
  private double[] statistics;
  private double[] firstMoment;
  private double[] secondMoment;
  private long weight;
  private int mostSteps;
  private double lossTimesRows;
  private long rows;

  static PartialSum empty() {
    return new PartialSum();
  }

  /** One replica's state after {@code steps} steps over {@code rows} rows with summed loss {@code lossTimesRows}. */
  static PartialSum of(TrainingState state, int steps, double lossTimesRows, long rows) {
    PartialSum s = new PartialSum();
    if (steps == 0) {
      return s;
    }
    s.parameters = scaled(state.parameters, steps);
    s.statistics = scaled(state.statistics, steps);
    s.firstMoment = state.firstMoment == null ? null : scaled(state.firstMoment, steps);
    s.secondMoment = state.secondMoment == null ? null : scaled(state.secondMoment, steps);
    s.weight = steps;
    s.mostSteps = steps;
    s.lossTimesRows = lossTimesRows;
    s.rows = rows;
    return s;
  }

  /** Adds {@code other} into this sum (Spark lets aggregation functions reuse their first argument). */
  PartialSum plus(PartialSum other) {
    if (other.weight == 0) {
      return this;
    }
    if (weight == 0) {
      return other;
    }
    add(parameters, other.parameters);
    add(statistics, other.statistics);
    add(firstMoment, other.firstMoment);
    add(secondMoment, other.secondMoment);
    weight += other.weight;
    mostSteps = Math.max(mostSteps, other.mostSteps);
    lossTimesRows += other.lossTimesRows;
    rows += other.rows;
    return this;
  }

  /**
   * The state the next round starts from: the weighted mean of the replicas' states, the optimizer's
   * step count advanced by the longest replica's steps (so Adam's bias correction follows the
   * rounds); {@code previous} when no replica ran.
   */
  TrainingState average(TrainingState previous) {
    if (weight == 0) {
      return previous;
    }
    return new TrainingState(mean(parameters), mean(statistics), mean(firstMoment), mean(secondMoment),
        previous.steps + mostSteps);
  }

  double lossTimesRows() {
    return lossTimesRows;
  }

  long rows() {
    return rows;
  }

  private double[] mean(double[] sum) {
    if (sum == null) {
      return null;
    }
    double[] m = new double[sum.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = sum[i] / weight;
    }
    return m;
  }

  private static double[] scaled(double[] values, int factor) {
    double[] s = new double[values.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = values[i] * factor;
    }
    return s;
  }

  private static void add(double[] sum, double[] values) {
    if (sum == null) {
      return;
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += values[i];
    }
  }
}
