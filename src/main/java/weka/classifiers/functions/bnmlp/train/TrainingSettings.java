package weka.classifiers.functions.bnmlp.train;

import java.io.Serializable;

import weka.classifiers.functions.bnmlp.options.OptimizerKind;

/** How the parameters are fitted; independent of the architecture. */
public final class TrainingSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  public final OptimizerKind optimizer;
  public final double learningRate;
  public final double momentum;
  /** L2 penalty on the weight matrices (not on biases or BN parameters): loss + l2/2 * |W|^2. */
  public final double l2;
  public final int batchSize;

  public TrainingSettings(OptimizerKind optimizer, double learningRate, double momentum, double l2,
      int batchSize) {
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.l2 = l2;
    this.batchSize = batchSize;
  }
}
