package weka.classifiers.functions.bnmlp.spark;

import java.io.Serializable;

import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/** What every replica builds its engine from: the architecture, the training settings and the seed. */
final class ModelSetup implements Serializable {

  private static final long serialVersionUID = 1L;

  final NetworkSpec spec;
  final TrainingSettings settings;
  final long seed;

  ModelSetup(MlpEngine engine) {
    spec = engine.spec();
    settings = engine.settings();
    seed = engine.seed();
  }

  MlpEngine newEngine() {
    return new MlpEngine(spec, settings, seed);
  }
}
