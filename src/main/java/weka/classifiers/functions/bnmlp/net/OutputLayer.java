package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The linear output layer and its loss: softmax cross-entropy for classes, half squared error for a
 * numeric target. Losses are weighted per instance and averaged over the batch rows (instance
 * weights are rescaled to mean 1 over the training set, so a batch's loss is an unbiased estimate).
 */
final class OutputLayer {

  private final NetworkSpec.Loss loss;
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

  OutputLayer(NetworkSpec spec, ParameterLayout layout, FlatVectors flat) {
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
    current = buffers.forRows((int) input.rows());
    lastInput = input;
    Nd4j.gemm(input, w, current.z, false, false, 1.0, 0.0);
    current.z.addiRowVector(b);
    return current.z;
  }

  /** Class probabilities or predictions of the last forward pass, written into {@code result}. */
  void predictions(INDArray result) {
    if (loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY) {
      Nd4j.exec(new SoftMax(current.z, result, 1));
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
    int rows = (int) target.rows();
    double sum;
    if (loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY) {
      Nd4j.exec(new LogSoftMax(s.z, s.delta));
      s.scratch.assign(s.delta).muli(target).muliColumnVector(weight);
      sum = -s.scratch.sumNumber().doubleValue();
      Transforms.exp(s.delta, false).subi(target);
    } else {
      s.delta.assign(s.z).subi(target);
      s.scratch.assign(s.delta).muli(s.delta).muliColumnVector(weight);
      sum = 0.5 * s.scratch.sumNumber().doubleValue();
    }
    s.delta.muliColumnVector(weight).divi(rows);
    return sum / rows;
  }

  INDArray backward() {
    Buffers s = current;
    Nd4j.gemm(lastInput, s.delta, dw, true, false, 1.0, 0.0);
    s.delta.sum(db, 0);
    Nd4j.gemm(s.delta, w, s.inputGradient, false, true, 1.0, 0.0);
    return s.inputGradient;
  }


  private final class Buffers {
    final INDArray z;
    final INDArray delta;
    final INDArray scratch;
    final INDArray inputGradient;

    Buffers(int rows) {
      z = Nd4j.create(dataType, new long[] {rows, out}, 'c');
      delta = Nd4j.create(dataType, new long[] {rows, out}, 'c');
      scratch = Nd4j.create(dataType, new long[] {rows, out}, 'c');
      inputGradient = Nd4j.create(dataType, new long[] {rows, in}, 'c');
    }
  }
}
