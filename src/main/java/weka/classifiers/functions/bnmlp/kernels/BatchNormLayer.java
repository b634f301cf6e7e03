package weka.classifiers.functions.bnmlp.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the batch-normalization steps of one hidden layer work on besides its activations: the
 * scale and shift (views into the flat parameter vector), their gradients (views into the gradient
 * vector), the running statistics and per-batch scratch, and the activation's slope below zero.
 */
public final class BatchNormLayer {

  public final INDArray gamma;
  public final INDArray beta;
  public final INDArray dGamma;
  public final INDArray dBeta;
  public final BatchNormState state;
  /** 0 for ReLU, else LeakyReLU's slope. */
  public final double alpha;

  public BatchNormLayer(INDArray gamma, INDArray beta, INDArray dGamma, INDArray dBeta, BatchNormState state,
      double alpha) {
    this.gamma = gamma;
    this.beta = beta;
    this.dGamma = dGamma;
    this.dBeta = dBeta;
    this.state = state;
    this.alpha = alpha;
  }
}
