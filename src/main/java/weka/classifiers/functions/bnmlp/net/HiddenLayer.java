package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;

/**
 * One hidden layer: Linear, then activation and batch normalization in the configured order. Its
 * parameters and gradients are views into the network's flat vectors; its activations live in
 * buffers allocated once per batch size and reused for every step.
 */
final class HiddenLayer {

  private final BnPlacement bn;
  private final boolean leaky;
  private final double alpha;
  private final int in;
  private final int out;
  private final DataType dataType;

  private final INDArray w;
  private final INDArray b;
  private final INDArray gamma;
  private final INDArray beta;
  private final INDArray dw;
  private final INDArray db;
  private final INDArray dGamma;
  private final INDArray dBeta;
  private final BatchNormState bnState;
  private final Kernels kernels;

  private final BufferCache<Buffers> buffers = new BufferCache<>(Buffers::new);
  private Buffers current;
  private INDArray lastInput;

  HiddenLayer(NetworkSpec spec, ParameterLayout layout, int index, FlatVectors flat, Kernels kernels) {
    this.kernels = kernels;
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
      gamma = flat.vector(flat.params, layout.gamma(index), out);
      beta = flat.vector(flat.params, layout.beta(index), out);
      dGamma = flat.vector(flat.grads, layout.gamma(index), out);
      dBeta = flat.vector(flat.grads, layout.beta(index), out);
      bnState = new BatchNormState(flat.vector(flat.stats, layout.runningStats(index), out),
          flat.vector(flat.stats, layout.runningStats(index) + out, out), spec.bnMomentum, spec.bnEpsilon,
          dataType, out);
    } else {
      gamma = beta = dGamma = dBeta = null;
      bnState = null;
    }
  }

  int units() {
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
    Buffers s = current;
    switch (bn) {
      case BEFORE:
        kernels.linear(input, w, null, s.z);
        if (training) {
          kernels.batchNormActivationTrain(s.z, gamma, beta, bnState, s.xhat(), s.bnOut, s.act, alpha, s.scratch());
        } else {
          kernels.batchNormActivationInfer(s.z, b, gamma, beta, bnState, s.bnOut, s.act, alpha);
        }
        return s.act;
      case AFTER:
        kernels.linear(input, w, b, s.z);
        if (training) {
          kernels.activationBatchNormTrain(s.z, s.act, gamma, beta, bnState, s.xhat(), s.bnOut, alpha, s.scratch());
        } else {
          kernels.activationBatchNormInfer(s.z, s.act, gamma, beta, bnState, s.bnOut, alpha);
        }
        return s.bnOut;
      default:
        kernels.linear(input, w, b, s.z);
        kernels.activation(s.z, s.act, alpha);
        return s.act;
    }
  }

  /** The activation's output in the last forward pass. */
  INDArray activationOutput() {
    return current.act;
  }

  /** Euclidean norm of the weight gradient of the last backward pass. */
  double weightGradientNorm() {
    return dw.norm2Number().doubleValue();
  }

  double gammaMean() {
    return gamma == null ? Double.NaN : gamma.meanNumber().doubleValue();
  }

  double betaMean() {
    return beta == null ? Double.NaN : beta.meanNumber().doubleValue();
  }

  /**
   * Backward pass of the last training forward pass: fills this layer's gradient views and returns
   * the gradient with respect to the layer's input ({@code null} when not wanted).
   */
  INDArray backward(INDArray dOut, boolean wantInputGradient) {
    Buffers s = current;
    INDArray bias = db;
    switch (bn) {
      case BEFORE:
        kernels.batchNormActivationBackward(s.z, s.bnOut, dOut, s.xhat(), gamma, beta, bnState, s.delta2(), s.delta1(),
            dGamma, dBeta, alpha, s.scratch());
        bias = null; // left out of the forward pass; its gradient stays zero
        break;
      case AFTER:
        kernels.activationBatchNormBackward(s.z, s.act, dOut, s.xhat(), gamma, bnState, s.delta2(), s.delta1(), dGamma,
            dBeta, db, alpha, s.scratch());
        bias = null; // already summed by the fused step
        break;
      default:
        kernels.activationBackward(s.z, dOut, s.delta1(), alpha);
    }
    INDArray dx = wantInputGradient ? s.inputGradient() : null;
    kernels.linearBackward(lastInput, w, s.delta1(), dw, bias, dx);
    return dx;
  }

  /** Activations and scratch space for one batch size. */
  private final class Buffers {
    final INDArray z;
    final INDArray act;
    final INDArray bnOut;
    private final int rows;
    private INDArray xhat;
    private INDArray delta1;
    private INDArray delta2;
    private INDArray scratch;
    private INDArray inputGradient;

    Buffers(int rows) {
      this.rows = rows;
      z = matrix(rows, out);
      act = matrix(rows, out);
      bnOut = bn != BnPlacement.NONE ? matrix(rows, out) : null;
    }

    // Training's buffers are allocated on first use: prediction never needs them.

    INDArray xhat() {
      if (xhat == null && bn != BnPlacement.NONE) {
        xhat = matrix(rows, out);
      }
      return xhat;
    }

    INDArray delta1() {
      if (delta1 == null) {
        delta1 = matrix(rows, out);
      }
      return delta1;
    }

    INDArray delta2() {
      if (delta2 == null && bn != BnPlacement.NONE) {
        delta2 = matrix(rows, out);
      }
      return delta2;
    }

    INDArray scratch() {
      if (scratch == null && bn != BnPlacement.NONE) {
        scratch = matrix(rows, out);
      }
      return scratch;
    }

    /** Allocated on first use: the first layer never needs it, and prediction never does. */
    INDArray inputGradient() {
      if (inputGradient == null) {
        inputGradient = matrix(rows, in);
      }
      return inputGradient;
    }

    private INDArray matrix(int r, int c) {
      return Nd4j.create(dataType, new long[] {r, c}, 'c');
    }
  }
}
