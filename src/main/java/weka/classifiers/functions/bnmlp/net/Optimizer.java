package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.NesterovsUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.options.OptimizerKind;

/**
 * Applies one update to the whole flat parameter vector: the L2 term is added to the weight range
 * of the gradient, ND4J's updater op turns the gradient into the step in place, and the step is
 * subtracted. Three native calls per step, whatever the depth of the network.
 */
final class Optimizer {

  static final double ADAM_BETA1 = 0.9;
  static final double ADAM_BETA2 = 0.999;
  static final double ADAM_EPSILON = 1e-8;

  private final TrainingSettings settings;
  private final INDArray params;
  private final INDArray grads;
  private final INDArray weightParams;
  private final INDArray weightGrads;
  private final INDArray weightScratch;
  private final INDArray first;
  private final INDArray second;
  private int step;

  Optimizer(Network network, TrainingSettings settings) {
    this.settings = settings;
    FlatVectors flat = network.flat;
    params = flat.params;
    grads = flat.grads;
    weightParams = flat.allWeights(flat.params, network.layout);
    weightGrads = flat.allWeights(flat.grads, network.layout);
    weightScratch = settings.l2 > 0 ? weightGrads.ulike() : null;
    boolean adam = settings.optimizer == OptimizerKind.ADAM;
    boolean momentum = !adam && settings.momentum > 0;
    first = adam || momentum ? params.ulike().assign(0) : null;
    second = adam ? params.ulike().assign(0) : null;
  }

  void apply() {
    if (weightScratch != null) {
      weightScratch.assign(weightParams).muli(settings.l2);
      weightGrads.addi(weightScratch);
    }
    if (settings.optimizer == OptimizerKind.ADAM) {
      Nd4j.exec(new AdamUpdater(grads, second, first, settings.learningRate, ADAM_BETA1, ADAM_BETA2,
          ADAM_EPSILON, step));
    } else if (first != null) {
      Nd4j.exec(new NesterovsUpdater(grads, first, settings.learningRate, settings.momentum));
    } else {
      Nd4j.exec(new SgdUpdater(grads, settings.learningRate));
    }
    params.subi(grads);
    step++;
  }

  int steps() {
    return step;
  }
}
