package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import weka.classifiers.functions.bnmlp.kernels.Kernels;

/**
 * The linear output layer and its loss: softmax cross-entropy for classes, half squared error for a
 * numeric target. Losses are weighted per instance and averaged over the batch rows (instance
 * weights are rescaled to mean 1 over the training set, so a batch's loss is an unbiased estimate).
 */
final class OutputLayer {

  private final NetworkSpec.Loss loss;
  private final Kernels kernels;
  private final int in;
  private final int out;
  private final DataType dataType;
  private final INDArray w;
  private final INDArray b;
  private final INDArray dw;
  private final INDArray db;
  private final BufferCache<Buffers> buffers = new BufferCache<>(Buffers::new);
  private Buffers current;
  private INDArray lastInput;

  OutputLayer(NetworkSpec spec, ParameterLayout layout, FlatVectors flat, Kernels kernels) {
    this.kernels = kernels;
    int index = spec.layerCount();
    this.loss = spec.loss;
    this.in = layout.in(index);
    this.out = layout.out(index);
    this.dataType = flat.params.dataType();
    w = flat.matrix(flat.params, layout.weights(index), in, out);
    dw = flat.matrix(flat.grads, layout.weights(index), in, out);
    b = flat.vector(flat.params, layout.bias(index), out);
    db = flat.vector(flat.grads, layout.bias(index), out);
  }

  /** Logits (classes) or the standardized prediction (numeric). */
  INDArray forward(INDArray input) {
    current = buffers.forRows(input.rows());
    lastInput = input;
    kernels.linear(input, w, b, current.z);
    return current.z;
  }

  /** Class probabilities or predictions of the last forward pass, written into {@code result}. */
  void predictions(INDArray result) {
    if (loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY) {
      kernels.softmax(current.z, result);
    } else {
      result.assign(current.z);
    }
  }

  /**
   * Loss of the last forward pass (weighted sum over rows divided by the row count) and its gradient
   * with respect to the logits, kept for {@link #backward}.
   */
  double lossAndGradient(INDArray target, INDArray weight) {
    Buffers s = current;
    return loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY
        ? kernels.softmaxCrossEntropy(s.z, target, weight, s.delta, s.scratch)
        : kernels.squaredError(s.z, target, weight, s.delta, s.scratch);
  }

  INDArray backward() {
    Buffers s = current;
    INDArray dx = s.inputGradient();
    kernels.linearBackward(lastInput, w, s.delta, dw, db, dx);
    return dx;
  }


  private final class Buffers {
    final INDArray z;
    final INDArray delta;
    final INDArray scratch;
    private final int rows;
    private INDArray inputGradient;

    Buffers(int rows) {
      this.rows = rows;
      z = Nd4j.create(dataType, new long[] {rows, out}, 'c');
      delta = Nd4j.create(dataType, new long[] {rows, out}, 'c');
      scratch = Nd4j.create(dataType, new long[] {rows, out}, 'c');
    }

    /** Allocated on first use: prediction never needs it. */
    INDArray inputGradient() {
      if (inputGradient == null) {
        inputGradient = Nd4j.create(dataType, new long[] {rows, in}, 'c');
      }
      return inputGradient;
    }
  }
}
