package weka.classifiers.functions.bnmlp;

import java.io.Serializable;

import weka.classifiers.functions.bnmlp.engine.Snapshot;
import weka.classifiers.functions.bnmlp.train.TrainerState;
import weka.core.Instances;

/**
 * What a saved model holds so that training can continue exactly where it stopped (Weka's
 * {@code -continue-iterating}): the optimizer and shuffling state, the weights of the last epoch
 * when early stopping kept an earlier epoch's, and the early-stopping bookkeeping.
 */
final class Continuation implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The training data's attributes: continuing needs data of the same form. */
  final Instances header;
  final TrainerState trainer;
  /** The weights after the last epoch when the model holds another epoch's (early stopping); else null. */
  final Snapshot last;
  final double bestValidationLoss;
  final double firstValidationLoss;
  final int epochsSinceBest;

  Continuation(Instances header, TrainerState trainer, Snapshot last, double bestValidationLoss,
      double firstValidationLoss, int epochsSinceBest) {
    this.header = header;
    this.trainer = trainer;
    this.last = last;
    this.bestValidationLoss = bestValidationLoss;
    this.firstValidationLoss = firstValidationLoss;
    this.epochsSinceBest = epochsSinceBest;
  }
}
