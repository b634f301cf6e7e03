package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the batch-normalization steps of one hidden layer work on besides its activations: the
 * scale and shift (views into the flat parameter vector), their gradients (views into the gradient
 * vector), the running statistics and per-batch scratch, and the activation's slope below zero.
 */
final class BatchNormLayer {

  final INDArray gamma;
  final INDArray beta;
  final INDArray dGamma;
  final INDArray dBeta;
  final BatchNormState state;
  /** 0 for ReLU, else LeakyReLU's slope. */
  final double alpha;

  BatchNormLayer(INDArray gamma, INDArray beta, INDArray dGamma, INDArray dBeta, BatchNormState state,
      double alpha) {
    this.gamma = gamma;
    this.beta = beta;
    this.dGamma = dGamma;
    this.dBeta = dBeta;
    this.state = state;
    this.alpha = alpha;
  }
}
