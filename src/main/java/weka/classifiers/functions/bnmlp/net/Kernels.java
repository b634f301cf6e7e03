package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The numeric steps of a layer, on ND4J arrays. Activations are row-major {@code [rows, units]};
 * weights are column-major {@code [in, out]} views into the flat parameter vector; vectors are
 * 1-D views. Two implementations: {@link Nd4jKernels}, ND4J operations that run on any backend,
 * and {@link CpuKernels}, fused loops over the CPU backend's memory plus direct BLAS calls, which
 * avoid ND4J's per-operation overhead at the batch sizes Weka users train with. A {@code scratch}
 * argument (shaped like the method's input) may be overwritten.
 */
interface Kernels {

  /** {@code z = x w + b}, or {@code z = x w} when {@code b} is null. */
  void linear(INDArray x, INDArray w, INDArray b, INDArray z);

  /** {@code dw = x' dz}, {@code db = column sums of dz} unless db is null, and {@code dx = dz w'} unless dx is null. */
  void linearBackward(INDArray x, INDArray w, INDArray dz, INDArray dw, INDArray db, INDArray dx);

  /** ReLU ({@code alpha == 0}) or LeakyReLU. */
  void activation(INDArray pre, INDArray post, double alpha);

  /** {@code dPre = dPost} where {@code pre > 0}, else {@code alpha * dPost}. */
  void activationBackward(INDArray pre, INDArray dPost, INDArray dPre, double alpha);

  /**
   * Batch normalization with batch statistics: fills {@code xhat}, {@code y = gamma xhat + beta},
   * {@code invStd}, and moves the running statistics towards the batch's (variance unbiased).
   */
  void batchNormTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray xhat, INDArray y,
      INDArray scratch);

  /** Batch normalization with the running statistics: {@code y = gamma (u - mean) / sqrt(var + eps) + beta}. */
  void batchNormInfer(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray y);

  /** Exact BN backward: {@code dU}, {@code dGamma}, {@code dBeta} from {@code dY}. */
  void batchNormBackward(INDArray dY, INDArray xhat, INDArray gamma, BatchNormState state, INDArray dU,
      INDArray dGamma, INDArray dBeta, INDArray scratch);

  /**
   * Softmax cross-entropy of {@code logits} against one-hot {@code target}, weighted per row: writes
   * {@code delta = w (softmax - target) / rows} and returns {@code sum(w * loss) / rows}.
   */
  double softmaxCrossEntropy(INDArray logits, INDArray target, INDArray weight, INDArray delta, INDArray scratch);

  /** Half squared error, weighted per row: {@code delta = w (out - target) / rows}; returns the loss. */
  double squaredError(INDArray out, INDArray target, INDArray weight, INDArray delta, INDArray scratch);

  /** Row-wise softmax. */
  void softmax(INDArray logits, INDArray probabilities);

  /*
   * Fused steps of a hidden layer. The arrays a forward step is given come back unchanged to its
   * backward step, which may use any of them: an implementation may leave xhat and bnOut unwritten
   * in training and recompute what it needs from the layer's input instead.
   */

  /**
   * BN with batch statistics followed by the activation (the {@code before} placement):
   * {@code act = activation(bnOut)}; {@code bnOut} and {@code xhat} are the implementation's to keep.
   */
  default void batchNormActivationTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState state,
      INDArray xhat, INDArray bnOut, INDArray act, double alpha, INDArray scratch) {
    batchNormTrain(u, gamma, beta, state, xhat, bnOut, scratch);
    activation(bnOut, act, alpha);
  }

  /**
   * Backward pass of {@link #batchNormActivationTrain}: from the gradient {@code dAct} of the
   * activation's output to {@code dU} (and {@code dGamma}, {@code dBeta}); {@code dBn} is scratch.
   */
  default void batchNormActivationBackward(INDArray u, INDArray bnOut, INDArray dAct, INDArray xhat, INDArray gamma,
      INDArray beta, BatchNormState state, INDArray dBn, INDArray dU, INDArray dGamma, INDArray dBeta, double alpha,
      INDArray scratch) {
    activationBackward(bnOut, dAct, dBn, alpha);
    batchNormBackward(dBn, xhat, gamma, state, dU, dGamma, dBeta, scratch);
  }

  /** The activation followed by BN with batch statistics (the {@code after} placement): {@code y = BN(act(z))}. */
  default void activationBatchNormTrain(INDArray z, INDArray act, INDArray gamma, INDArray beta,
      BatchNormState state, INDArray xhat, INDArray y, double alpha, INDArray scratch) {
    activation(z, act, alpha);
    batchNormTrain(act, gamma, beta, state, xhat, y, scratch);
  }

  /**
   * Backward pass of {@link #activationBatchNormTrain}: from {@code dY} to {@code dz} (and
   * {@code dGamma}, {@code dBeta}, and the column sums of dz into {@code db} unless null);
   * {@code dAct} is scratch.
   */
  default void activationBatchNormBackward(INDArray z, INDArray act, INDArray dY, INDArray xhat, INDArray gamma,
      BatchNormState state, INDArray dAct, INDArray dz, INDArray dGamma, INDArray dBeta, INDArray db, double alpha,
      INDArray scratch) {
    batchNormBackward(dY, xhat, gamma, state, dAct, dGamma, dBeta, scratch);
    activationBackward(z, dAct, dz, alpha);
    if (db != null) {
      dz.sum(db, 0);
    }
  }

  /**
   * Prediction for the {@code before} placement: {@code act = activation(BN(u + bias))} with the
   * running statistics ({@code bias} may be null); {@code u} and {@code bnOut} are scratch.
   */
  default void batchNormActivationInfer(INDArray u, INDArray bias, INDArray gamma, INDArray beta,
      BatchNormState state, INDArray bnOut, INDArray act, double alpha) {
    if (bias != null) {
      u.addiRowVector(bias);
    }
    batchNormInfer(u, gamma, beta, state, bnOut);
    activation(bnOut, act, alpha);
  }

  /** Prediction for the {@code after} placement: {@code act = activation(z)}, {@code y = BN(act)} (running statistics). */
  default void activationBatchNormInfer(INDArray z, INDArray act, INDArray gamma, INDArray beta,
      BatchNormState state, INDArray y, double alpha) {
    activation(z, act, alpha);
    batchNormInfer(act, gamma, beta, state, y);
  }

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
   * Forgets any per-array state kept for arrays seen so far, so that arrays of a finished
   * prediction (and the data they view) can be collected.
   */
  default void release() {
  }

  /** {@link #choose(DataType, IntSupplier)} on the default thread count of {@link Nd4jRuntime#kernelThreads()}. */
  static Kernels choose(DataType dataType) {
    return choose(dataType, Nd4jRuntime::kernelThreads);
  }

  /**
   * The fast kernels where the backend is ND4J's CPU one and the data float32; otherwise the portable ones.
   * The CPU kernels split each step over {@code threads} threads, asked at every step: one network's
   * count, whatever other networks in the JVM use.
   */
  static Kernels choose(DataType dataType, java.util.function.IntSupplier threads) {
    boolean forcePortable = "nd4j".equalsIgnoreCase(System.getProperty("bnmlp.kernels"));
    boolean cpu = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    if (!forcePortable && cpu && dataType == DataType.FLOAT) {
      Nd4j.factory().blas().setMaxThreads(1); // CpuKernels split the work themselves (see Nd4jRuntime.useThreads)
      return new CpuKernels(threads);
    }
    return new Nd4jKernels();
  }
}
