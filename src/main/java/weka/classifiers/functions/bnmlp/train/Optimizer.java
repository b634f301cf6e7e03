package weka.classifiers.functions.bnmlp.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.kernels.Kernels;
import weka.classifiers.functions.bnmlp.net.FlatVectors;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * Applies one update to the whole flat parameter vector: the L2 term is added to the weight range
 * of the gradient, then one Adam or SGD step runs over all parameters at once, whatever the depth
 * of the network.
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
  private int step;

  public Optimizer(Network network, TrainingSettings settings) {
    this.settings = settings;
    FlatVectors flat = network.flat;
    params = flat.params;
    grads = flat.grads;
    weightParams = flat.allWeights(flat.params, network.layout);
    weightGrads = flat.allWeights(flat.grads, network.layout);
    kernels = network.kernels;
    boolean adam = settings.optimizer == OptimizerKind.ADAM;
    boolean momentum = !adam && settings.momentum > 0;
    first = adam || momentum ? params.ulike().assign(0) : null;
    second = adam ? params.ulike().assign(0) : null;
  }

  public void apply() {
    if (settings.l2 > 0) {
      kernels.addScaled(weightGrads, weightParams, settings.l2);
    }
    if (settings.optimizer == OptimizerKind.ADAM) {
      kernels.adam(params, grads, first, second, settings.learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, step);
    } else {
      kernels.sgd(params, grads, first, settings.learningRate, settings.momentum);
    }
    step++;
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
