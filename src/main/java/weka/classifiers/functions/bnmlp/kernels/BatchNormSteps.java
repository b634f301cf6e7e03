package weka.classifiers.functions.bnmlp.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused steps of a hidden layer with batch normalization, each given the layer's parameters
 * ({@link BatchNormLayer}) and its activations for the batch ({@link LayerBuffers}). The buffers a
 * forward step is given come back unchanged to its backward step, which may use any of them: an
 * implementation may leave {@code xhat} and {@code bnOut} unwritten in training and recompute what it
 * needs from the layer's input instead. The {@code before} placement is {@code act = f(BN(z))}, the
 * {@code after} placement {@code bnOut = BN(f(z))}.
 */
public interface BatchNormSteps {

  /** Placement before, training: {@code act = f(BN(z))} with batch statistics, moving the running ones. */
  void trainBefore(BatchNormLayer layer, LayerBuffers s);

  /** Backward of {@link #trainBefore}: from {@code dAct} to {@code s.delta1()} (the gradient at z), dGamma, dBeta. */
  void backwardBefore(BatchNormLayer layer, LayerBuffers s, INDArray dAct);

  /**
   * {@link #backwardBefore(BatchNormLayer, LayerBuffers, INDArray)}, with the threads the step leaves
   * idle taking pieces of {@code alongside} meanwhile (null: none). Where it leaves none idle,
   * {@code alongside} is not touched: its owner runs it later.
   */
  default void backwardBefore(BatchNormLayer layer, LayerBuffers s, INDArray dAct, SharedWork alongside) {
    backwardBefore(layer, s, dAct);
  }

  /** Placement after, training: {@code act = f(z)}, {@code bnOut = BN(act)} with batch statistics. */
  void trainAfter(BatchNormLayer layer, LayerBuffers s);

  /**
   * Backward of {@link #trainAfter}: from {@code dY} to {@code s.delta1()} (the gradient at z), dGamma,
   * dBeta, and the column sums of that gradient into {@code db} unless it is null.
   */
  void backwardAfter(BatchNormLayer layer, LayerBuffers s, INDArray dY, INDArray db);

  /**
   * Placement before, prediction: {@code act = f(BN(z + bias))} with the running statistics
   * ({@code bias} may be null); {@code z} and {@code bnOut} are scratch.
   */
  void inferBefore(BatchNormLayer layer, LayerBuffers s, INDArray bias);

  /** Placement after, prediction: {@code act = f(z)}, {@code bnOut = BN(act)} with the running statistics. */
  void inferAfter(BatchNormLayer layer, LayerBuffers s);
}
