package weka.classifiers.functions.bnmlp.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A BN layer's running statistics (views into the network's statistics vector) and per-batch scratch. */
public final class BatchNormState {

  public final INDArray runningMean;
  public final INDArray runningVar;
  public final double momentum;
  public final double epsilon;
  /** Batch mean and variance of the last training pass; 1 / sqrt(var + eps) used by its backward pass. */
  public final INDArray mean;
  public final INDArray var;
  public final INDArray invStd;
  final INDArray rowScratch;

  public BatchNormState(INDArray runningMean, INDArray runningVar, double momentum, double epsilon, DataType type,
      int units) {
    this.runningMean = runningMean;
    this.runningVar = runningVar;
    this.momentum = momentum;
    this.epsilon = epsilon;
    mean = Nd4j.create(type, units);
    var = Nd4j.create(type, units);
    invStd = Nd4j.create(type, units);
    rowScratch = Nd4j.create(type, units);
  }
}
