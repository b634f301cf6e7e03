package weka.classifiers.functions.bnmlp.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.kernels.Kernels;
import weka.classifiers.functions.bnmlp.net.FlatVectors;
import weka.classifiers.functions.bnmlp.net.LayerUpdates;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * Applies one update to the whole flat parameter vector: the L2 term is added to the weight range
 * of the gradient, then one Adam or SGD step runs over all parameters at once, whatever the depth
 * of the network. Where the backward pass has threads to spare, it updates a layer as soon as its
 * gradient is final ({@link #duringBackward}), in pieces ({@link LayerPieces}), and {@link #apply}
 * updates the rest: the same values, element by element, as the update in one go.
 */
public final class Optimizer {

  static final double ADAM_BETA1 = 0.9;
  static final double ADAM_BETA2 = 0.999;
  static final double ADAM_EPSILON = 1e-8;

  private final TrainingSettings settings;
  private final INDArray params;
  private final INDArray grads;
  private final INDArray weightParams;
  private final INDArray weightGrads;
  private final Kernels kernels;
  private final INDArray first;
  private final INDArray second;
  private final boolean adam;
  /** Per layer (the output layer last), its update in pieces. */
  private final LayerPieces[] layers;
  private final LayerUpdates duringBackward;
  private int step;

  public Optimizer(Network network, TrainingSettings settings) {
    this.settings = settings;
    FlatVectors flat = network.flat;
    params = flat.params;
    grads = flat.grads;
    weightParams = flat.allWeights(flat.params, network.layout);
    weightGrads = flat.allWeights(flat.grads, network.layout);
    kernels = network.kernels;
    adam = settings.optimizer == OptimizerKind.ADAM;
    boolean momentum = !adam && settings.momentum > 0;
    first = adam || momentum ? params.ulike().assign(0) : null;
    second = adam ? params.ulike().assign(0) : null;
    layers = new LayerPieces[network.layout.layers()];
    INDArray[] vectors = {params, grads, first, second};
    for (int l = 0; l < layers.length; l++) {
      layers[l] = new LayerPieces(network.layout, l, vectors, this::update);
    }
    duringBackward = l -> layers[l];
  }

  /**
   * The updates of this step that the backward pass may run as each layer's gradient becomes final
   * (see {@link Network#lossAndGradient(INDArray, INDArray, INDArray, LayerUpdates)}); {@link #apply}
   * runs what it did not.
   */
  public LayerUpdates duringBackward() {
    return duringBackward;
  }

  /** Updates the parameters from the gradient, or the part of them the backward pass did not. */
  public void apply() {
    boolean inPieces = false;
    for (LayerPieces l : layers) {
      inPieces |= l.started();
    }
    if (inPieces) {
      for (LayerPieces l : layers) {
        l.finish(kernels);
      }
    } else {
      if (settings.l2 > 0) {
        kernels.addScaled(weightGrads, weightParams, settings.l2);
      }
      update(kernels, params, grads, first, second, false);
    }
    for (LayerPieces l : layers) {
      l.reset();
    }
    step++;
  }

  /** The update of one range of the vectors; the L2 term too if they are {@code weights}. */
  private void update(Kernels k, INDArray p, INDArray g, INDArray m, INDArray v, boolean weights) {
    if (weights && settings.l2 > 0) {
      k.addScaled(g, p, settings.l2);
    }
    if (adam) {
      k.adam(p, g, m, v, settings.learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, step);
    } else {
      k.sgd(p, g, m, settings.learningRate, settings.momentum);
    }
  }

  public int steps() {
    return step;
  }

  /** The moment vectors (Adam: first and second; SGD with momentum: the velocity, then null), as copies. */
  public double[][] moments() {
    return new double[][] {first == null ? null : first.toDoubleVector(),
        second == null ? null : second.toDoubleVector()};
  }

  /** Continues from moments and a step count taken from {@link #moments()} and {@link #steps()}. */
  public void restore(double[] firstMoment, double[] secondMoment, int steps) {
    assign(first, firstMoment, "first moment");
    assign(second, secondMoment, "second moment");
    step = steps;
  }

  private static void assign(INDArray into, double[] values, String what) {
    if ((into == null) != (values == null) || into != null && into.length() != values.length) {
      throw new IllegalArgumentException("optimizer state does not fit this optimizer: " + what + " has "
          + (values == null ? "no" : String.valueOf(values.length)) + " values, expected "
          + (into == null ? "none" : String.valueOf(into.length())));
    }
    if (into != null) {
      into.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(values).castTo(into.dataType()));
    }
  }
}
