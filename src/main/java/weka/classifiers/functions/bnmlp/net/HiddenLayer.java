package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
  private final double bnMomentum;
  private final double bnEpsilon;
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
  private final INDArray runningMean;
  private final INDArray runningVar;

  private final BufferCache<Buffers> buffers = new BufferCache<>(Buffers::new);
  private Buffers current;
  private INDArray lastInput;

  HiddenLayer(NetworkSpec spec, ParameterLayout layout, int index, FlatVectors flat) {
    this.bn = spec.bn;
    this.leaky = spec.activation == ActivationKind.LEAKY_RELU;
    this.alpha = spec.alpha;
    this.bnMomentum = spec.bnMomentum;
    this.bnEpsilon = spec.bnEpsilon;
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
      runningMean = flat.vector(flat.stats, layout.runningStats(index), out);
      runningVar = flat.vector(flat.stats, layout.runningStats(index) + out, out);
    } else {
      gamma = beta = dGamma = dBeta = runningMean = runningVar = null;
    }
  }

  int units() {
    return out;
  }

  /** Forward pass; training mode normalizes with batch statistics and updates the running ones. */
  INDArray forward(INDArray input, boolean training) {
    int rows = (int) input.rows();
    current = buffers.forRows(rows);
    lastInput = input;
    Buffers s = current;
    Nd4j.gemm(input, w, s.z, false, false, 1.0, 0.0);
    s.z.addiRowVector(b);
    switch (bn) {
      case BEFORE:
        normalize(s.z, s.bnOut, training);
        activate(s.bnOut, s.act);
        return s.act;
      case AFTER:
        activate(s.z, s.act);
        normalize(s.act, s.bnOut, training);
        return s.bnOut;
      default:
        activate(s.z, s.act);
        return s.act;
    }
  }

  /** The activation's input in the last forward pass: what the dead-unit test looks at. */
  INDArray activationInput() {
    return bn == BnPlacement.BEFORE ? current.bnOut : current.z;
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
    INDArray dz;
    switch (bn) {
      case BEFORE:
        activationBackward(s.bnOut, dOut, s.delta2);
        normalizeBackward(s.delta2, s.delta1);
        dz = s.delta1;
        break;
      case AFTER:
        normalizeBackward(dOut, s.delta2);
        activationBackward(s.z, s.delta2, s.delta1);
        dz = s.delta1;
        break;
      default:
        activationBackward(s.z, dOut, s.delta1);
        dz = s.delta1;
    }
    Nd4j.gemm(lastInput, dz, dw, true, false, 1.0, 0.0);
    dz.sum(db, 0);
    if (!wantInputGradient) {
      return null;
    }
    Nd4j.gemm(dz, w, s.inputGradient(), false, true, 1.0, 0.0);
    return s.inputGradient;
  }

  private void activate(INDArray pre, INDArray post) {
    if (leaky) {
      Nd4j.getExecutioner().exec(new LeakyReLU(pre, post, alpha));
    } else {
      Nd4j.getExecutioner().exec(new RectifiedLinear(pre, post, 0.0));
    }
  }

  private void activationBackward(INDArray pre, INDArray dPost, INDArray dPre) {
    // relu_bp is leakyrelu_bp with slope 0 below zero
    Nd4j.exec(new LeakyReLUBp(pre, dPost, dPre, alpha));
  }

  private void normalize(INDArray u, INDArray y, boolean training) {
    Buffers s = current;
    if (training) {
      int rows = (int) u.rows();
      u.mean(s.mean, 0);
      s.xhat.assign(u).subiRowVector(s.mean);
      s.scratch.assign(s.xhat).muli(s.xhat).mean(s.var, 0);
      updateRunning(runningMean, s.mean, 1.0);
      // running variance is the unbiased estimate, as at prediction time it stands for the population
      updateRunning(runningVar, s.var, rows > 1 ? rows / (rows - 1.0) : 1.0);
      s.invStd.assign(s.var).addi(bnEpsilon);
      Transforms.sqrt(s.invStd, false).rdivi(1.0);
      s.xhat.muliRowVector(s.invStd);
      y.assign(s.xhat).muliRowVector(gamma).addiRowVector(beta);
    } else {
      // inference folds BN into one scale and shift per unit
      s.invStd.assign(runningVar).addi(bnEpsilon);
      Transforms.sqrt(s.invStd, false).rdivi(1.0).muli(gamma);
      s.mean.assign(runningMean).muli(s.invStd).rsubi(beta);
      y.assign(u).muliRowVector(s.invStd).addiRowVector(s.mean);
    }
  }

  private void updateRunning(INDArray running, INDArray batch, double correction) {
    running.muli(1.0 - bnMomentum);
    current.rowScratch.assign(batch).muli(bnMomentum * correction);
    running.addi(current.rowScratch);
  }

  /** Exact BN backward: dU = gamma * invStd / B * (B * dY - sum(dY) - xhat * sum(dY * xhat)). */
  private void normalizeBackward(INDArray dY, INDArray dU) {
    Buffers s = current;
    int rows = (int) dY.rows();
    dY.sum(dBeta, 0);
    s.scratch.assign(dY).muli(s.xhat).sum(dGamma, 0);
    s.rowScratch.assign(gamma).muli(s.invStd).divi(rows);
    s.scratch.assign(s.xhat).muliRowVector(dGamma).addiRowVector(dBeta);
    dU.assign(dY).muli(rows).subi(s.scratch).muliRowVector(s.rowScratch);
  }


  /** Activations and scratch space for one batch size. */
  private final class Buffers {
    final INDArray z;
    final INDArray act;
    final INDArray bnOut;
    final INDArray xhat;
    final INDArray delta1;
    final INDArray delta2;
    final INDArray scratch;
    final INDArray mean;
    final INDArray var;
    final INDArray invStd;
    final INDArray rowScratch;
    private final int rows;
    private INDArray inputGradient;

    Buffers(int rows) {
      this.rows = rows;
      z = matrix(rows, out);
      act = matrix(rows, out);
      delta1 = matrix(rows, out);
      boolean withBn = bn != BnPlacement.NONE;
      bnOut = withBn ? matrix(rows, out) : null;
      xhat = withBn ? matrix(rows, out) : null;
      delta2 = withBn ? matrix(rows, out) : null;
      scratch = withBn ? matrix(rows, out) : null;
      mean = withBn ? Nd4j.create(dataType, out) : null;
      var = withBn ? Nd4j.create(dataType, out) : null;
      invStd = withBn ? Nd4j.create(dataType, out) : null;
      rowScratch = withBn ? Nd4j.create(dataType, out) : null;
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
