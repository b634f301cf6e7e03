package weka.classifiers.functions.bnmlp.net;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.kernels.Kernels;

/** The network: hidden layers and output layer over one flat parameter vector. */
public final class Network {

  public final NetworkSpec spec;
  public final ParameterLayout layout;
  public final FlatVectors flat;
  /** The basic kernels (of {@link #family}), which training also runs its minibatch and update steps on. */
  public final Kernels kernels;
  final KernelFamily family;
  private final HiddenLayer[] hidden;
  private final OutputLayer output;

  /** A network computing with the given kernels (see {@code KernelChoice} for the engine's choice). */
  public Network(NetworkSpec spec, DataType dataType, KernelFamily family) {
    this.spec = spec;
    this.family = family;
    this.kernels = family.kernels();
    this.layout = new ParameterLayout(spec);
    this.flat = new FlatVectors(layout, dataType);
    hidden = new HiddenLayer[spec.layerCount()];
    for (int l = 0; l < hidden.length; l++) {
      hidden[l] = new HiddenLayer(spec, layout, l, flat, family);
    }
    output = new OutputLayer(spec, layout, flat, kernels);
  }

  /**
   * Fresh parameters from {@code seed}: normal weights scaled by the init scheme (Xavier for the
   * output layer), zero biases, BN gamma 1 and beta 0, running mean 0 and variance 1. Drawn in Java
   * so that a seed gives the same network on every backend.
   */
  public void initialise(long seed) {
    Random random = new Random(seed);
    double[] p = new double[(int) layout.size()];
    for (int l = 0; l <= spec.layerCount(); l++) {
      int in = layout.in(l);
      int out = layout.out(l);
      double std = l < spec.layerCount()
          ? spec.init.standardDeviation(in, out)
          : Math.sqrt(2.0 / (in + out));
      int at = (int) layout.weights(l);
      for (int i = 0; i < in * out; i++) {
        p[at + i] = random.nextGaussian() * std;
      }
      if (l < spec.layerCount() && spec.usesBatchNorm()) {
        java.util.Arrays.fill(p, (int) layout.gamma(l), (int) layout.gamma(l) + out, 1.0);
      }
    }
    double[] s = new double[(int) flat.stats.length()];
    for (int l = 0; l < spec.layerCount() && spec.usesBatchNorm(); l++) {
      int at = (int) layout.runningStats(l) + layout.out(l);
      java.util.Arrays.fill(s, at, at + layout.out(l), 1.0);
    }
    setState(p, s);
  }

  public void setState(double[] params, double[] stats) {
    flat.params.assign(Nd4j.createFromArray(params).castTo(flat.params.dataType()));
    flat.stats.assign(Nd4j.createFromArray(stats).castTo(flat.stats.dataType()));
  }

  public double[] parameters() {
    return flat.params.toDoubleVector();
  }

  public double[] statistics() {
    return flat.stats.toDoubleVector();
  }

  public int hiddenLayerCount() {
    return hidden.length;
  }

  public HiddenLayer hiddenLayer(int l) {
    return hidden[l];
  }

  public double[] weightGradientNorms() {
    double[] norms = new double[hidden.length];
    for (int l = 0; l < hidden.length; l++) {
      norms[l] = hidden[l].weightGradientNorm();
    }
    return norms;
  }

  /** Runs the hidden layers and the output layer; returns the logits or numeric outputs. */
  public INDArray forward(INDArray x, boolean training) {
    INDArray a = x;
    for (HiddenLayer layer : hidden) {
      a = layer.forward(a, training);
    }
    return output.forward(a);
  }

  /**
   * One training forward and backward pass: fills the gradient vector and returns the batch loss
   * (without the L2 penalty, which the optimizer adds to the gradient).
   */
  public double lossAndGradient(INDArray x, INDArray target, INDArray weight) {
    return lossAndGradient(x, target, weight, null);
  }

  /**
   * {@link #lossAndGradient(INDArray, INDArray, INDArray)}, handing each layer's work from
   * {@code updates} (null: none) to the backward step of the layer below it, which may run it on
   * threads it would leave idle. Work not run there is left to the caller.
   */
  public double lossAndGradient(INDArray x, INDArray target, INDArray weight, LayerUpdates updates) {
    forward(x, true);
    double loss = output.lossAndGradient(target, weight);
    INDArray delta = output.backward();
    for (int l = hidden.length - 1; l >= 0; l--) {
      delta = hidden[l].backward(delta, l > 0, updates == null ? null : updates.whenFinal(l + 1));
    }
    return loss;
  }

  /** Prediction with the running BN statistics: probabilities or numeric outputs into {@code result}. */
  public void predict(INDArray x, INDArray result) {
    forward(x, false);
    output.predictions(result);
  }

  /** Loss at prediction time (running statistics, no gradient): for validation and checks. */
  public double inferenceLoss(INDArray x, INDArray target, INDArray weight) {
    forward(x, false);
    return output.lossAndGradient(target, weight);
  }
}
