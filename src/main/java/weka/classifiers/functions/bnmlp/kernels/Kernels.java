package weka.classifiers.functions.bnmlp.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The basic numeric steps of a layer, on ND4J arrays (the fused steps of a layer with batch
 * normalization are {@link BatchNormSteps}). Activations are row-major {@code [rows, units]};
 * weights are column-major {@code [in, out]} views into the flat parameter vector; vectors are
 * 1-D views. Two implementations: {@link Nd4jKernels}, ND4J operations that run on any backend,
 * and the CPU kernels, fused loops over the CPU backend's memory plus direct BLAS calls, which
 * avoid ND4J's per-operation overhead at the batch sizes Weka users train with. A {@code scratch}
 * argument (shaped like the method's input) may be overwritten.
 */
public interface Kernels {

  /** {@code z = x w + b}, or {@code z = x w} when {@code b} is null. */
  void linear(INDArray x, INDArray w, INDArray b, INDArray z);

  /** {@code dw = x' dz}, {@code db = column sums of dz} unless db is null, and {@code dx = dz w'} unless dx is null. */
  void linearBackward(INDArray x, INDArray w, INDArray dz, INDArray dw, INDArray db, INDArray dx);

  /** ReLU ({@code alpha == 0}) or LeakyReLU. */
  void activation(INDArray pre, INDArray post, double alpha);

  /** {@code dPre = dPost} where {@code pre > 0}, else {@code alpha * dPost}. */
  void activationBackward(INDArray pre, INDArray dPost, INDArray dPre, double alpha);

  /**
   * Softmax cross-entropy of {@code logits} against one-hot {@code target}, weighted per row: writes
   * {@code delta = w (softmax - target) / rows} and returns {@code sum(w * loss) / rows}.
   */
  double softmaxCrossEntropy(INDArray logits, INDArray target, INDArray weight, INDArray delta, INDArray scratch);

  /** Half squared error, weighted per row: {@code delta = w (out - target) / rows}; returns the loss. */
  double squaredError(INDArray out, INDArray target, INDArray weight, INDArray delta, INDArray scratch);

  /** Row-wise softmax. */
  void softmax(INDArray logits, INDArray probabilities);

  /** Copies the listed rows of {@code source} into {@code destination}, in order (a minibatch gather). */
  void gatherRows(INDArray source, int[] rows, INDArray destination);

  /** {@code target += factor * source}, element-wise over equally long contiguous vectors. */
  void addScaled(INDArray target, INDArray source, double factor);

  /**
   * One Adam step on the flat vectors (Kingma and Ba's efficient form): updates the moments {@code m}
   * and {@code v} and the parameters; {@code step} counts from 0.
   */
  void adam(INDArray params, INDArray grads, INDArray m, INDArray v, double learningRate, double beta1,
      double beta2, double epsilon, int step);

  /** One SGD step with Nesterov momentum (velocity {@code velocity}), or plain SGD when it is null. */
  void sgd(INDArray params, INDArray grads, INDArray velocity, double learningRate, double momentum);

  /**
   * Forgets any per-array state kept for arrays seen so far, so that arrays no longer used (a
   * dropped prediction buffer, an earlier folding's weights) and the data they view can be collected.
   */
  default void release() {
  }
}
