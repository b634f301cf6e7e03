package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.kernels.BatchNormLayer;
import weka.classifiers.functions.bnmlp.kernels.BatchNormState;
import weka.classifiers.functions.bnmlp.kernels.BatchNormSteps;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.kernels.Kernels;
import weka.classifiers.functions.bnmlp.kernels.LayerBuffers;
import weka.classifiers.functions.bnmlp.kernels.SharedWork;

/**
 * One hidden layer: Linear, then activation and batch normalization in the configured order. Its
 * parameters and gradients are views into the network's flat vectors; its activations live in
 * buffers allocated once per batch size and reused for every step.
 */
public final class HiddenLayer {

  private final BnPlacement bn;
  private final boolean leaky;
  private final double alpha;
  private final int in;
  private final int out;
  private final DataType dataType;

  private final INDArray w;
  private final INDArray b;
  private final INDArray dw;
  private final INDArray db;
  /** Null without BN. */
  private final BatchNormLayer bnLayer;
  private final Kernels kernels;
  private final BatchNormSteps bnSteps;

  private final BufferCache<LayerBuffers> buffers;
  private LayerBuffers current;
  private INDArray lastInput;

  HiddenLayer(NetworkSpec spec, ParameterLayout layout, int index, FlatVectors flat, KernelFamily family) {
    this.kernels = family.kernels();
    this.bnSteps = family.batchNorm();
    this.bn = spec.bn;
    this.leaky = spec.activation == ActivationKind.LEAKY_RELU;
    this.alpha = spec.alpha;
    this.in = layout.in(index);
    this.out = layout.out(index);
    this.dataType = flat.params.dataType();
    w = flat.matrix(flat.params, layout.weights(index), in, out);
    dw = flat.matrix(flat.grads, layout.weights(index), in, out);
    b = flat.vector(flat.params, layout.bias(index), out);
    db = flat.vector(flat.grads, layout.bias(index), out);
    if (bn != BnPlacement.NONE) {
      BatchNormState bnState = new BatchNormState(flat.vector(flat.stats, layout.runningStats(index), out),
          flat.vector(flat.stats, layout.runningStats(index) + out, out), spec.bnMomentum, spec.bnEpsilon,
          dataType, out);
      bnLayer = new BatchNormLayer(flat.vector(flat.params, layout.gamma(index), out),
          flat.vector(flat.params, layout.beta(index), out), flat.vector(flat.grads, layout.gamma(index), out),
          flat.vector(flat.grads, layout.beta(index), out), bnState, alpha);
    } else {
      bnLayer = null;
    }
    boolean withBn = bn != BnPlacement.NONE;
    buffers = new BufferCache<>(rows -> new LayerBuffers(rows, in, out, withBn, dataType));
  }

  public int units() {
    return out;
  }

  /**
   * Forward pass; training mode normalizes with batch statistics and updates the running ones.
   * With BN before the activation the linear step leaves out the bias: BN subtracts the batch mean
   * right after it, so in training it would cancel exactly (prediction still adds it, for models
   * whose bias is not zero).
   */
  INDArray forward(INDArray input, boolean training) {
    int rows = input.rows();
    current = buffers.forRows(rows);
    lastInput = input;
    LayerBuffers s = current;
    switch (bn) {
      case BEFORE:
        kernels.linear(input, w, null, s.z);
        if (training) {
          bnSteps.trainBefore(bnLayer, s);
        } else {
          bnSteps.inferBefore(bnLayer, s, b);
        }
        return s.act;
      case AFTER:
        kernels.linear(input, w, b, s.z);
        if (training) {
          bnSteps.trainAfter(bnLayer, s);
        } else {
          bnSteps.inferAfter(bnLayer, s);
        }
        return s.bnOut;
      default:
        kernels.linear(input, w, b, s.z);
        kernels.activation(s.z, s.act, alpha);
        return s.act;
    }
  }

  /** The activation's output in the last forward pass. */
  public INDArray activationOutput() {
    return current.act;
  }

  /** Euclidean norm of the weight gradient of the last backward pass. */
  double weightGradientNorm() {
    return dw.norm2Number().doubleValue();
  }

  public double gammaMean() {
    return bnLayer == null ? Double.NaN : bnLayer.gamma.meanNumber().doubleValue();
  }

  public double betaMean() {
    return bnLayer == null ? Double.NaN : bnLayer.beta.meanNumber().doubleValue();
  }

  /**
   * Backward pass of the last training forward pass: fills this layer's gradient views and returns
   * the gradient with respect to the layer's input ({@code null} when not wanted). The BN step may
   * run pieces of {@code alongside} (null: none) on threads it leaves idle.
   */
  INDArray backward(INDArray dOut, boolean wantInputGradient, SharedWork alongside) {
    LayerBuffers s = current;
    INDArray bias = db;
    switch (bn) {
      case BEFORE:
        bnSteps.backwardBefore(bnLayer, s, dOut, alongside);
        bias = null; // left out of the forward pass; its gradient stays zero
        break;
      case AFTER:
        bnSteps.backwardAfter(bnLayer, s, dOut, db);
        bias = null; // already summed by the fused step
        break;
      default:
        kernels.activationBackward(s.z, dOut, s.delta1(), alpha);
    }
    INDArray dx = wantInputGradient ? s.inputGradient() : null;
    kernels.linearBackward(lastInput, w, s.delta1(), dw, bias, dx);
    return dx;
  }
}
