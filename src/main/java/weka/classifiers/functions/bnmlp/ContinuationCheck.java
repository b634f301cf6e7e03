package weka.classifiers.functions.bnmlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import weka.core.WekaException;

/**
 * Whether a saved model can continue training as asked (Weka's {@code -l model -continue-iterating}):
 * it holds the state to continue from, nothing asks for settings other than those it was trained
 * with, and there are epochs left to train. Each refusal says why and what to do.
 */
public final class ContinuationCheck {

  private ContinuationCheck() {
  }

  /**
   * @param saved the settings the model was trained with (null: not recorded), keyed by option name
   * @param now the settings asked for now, in the same form
   * @param epochs the total number of epochs asked for
   */
  public static void check(TrainedModel model, Map<String, String> saved, Map<String, String> now, int epochs)
      throws WekaException {
    if (!model.canContinue()) {
      throw new WekaException(model.log().diverged()
          ? "BatchNormMLP: the saved model diverged at epoch " + model.log().divergedEpoch() + "; continuing it "
              + "would diverge again. Train a new model (without -l) with a lower -lr."
          : "BatchNormMLP: the model holds no training state to continue from (it was cleaned up, or saved by an "
              + "older version); train a new model.");
    }
    List<String> conflicts = new ArrayList<>();
    if (saved != null) {
      for (Map.Entry<String, String> setting : saved.entrySet()) {
        String value = now.get(setting.getKey());
        if (!setting.getValue().equals(value)) {
          conflicts.add(value + " (the saved model has " + setting.getValue() + ")");
        }
      }
    }
    if (!conflicts.isEmpty()) {
      throw new WekaException("BatchNormMLP: cannot continue the saved model with other settings: "
          + String.join(", ", conflicts) + ". Leave these options out to continue with the saved settings, "
          + "or train a new model without -l.");
    }
    int done = model.log().epochs();
    if (epochs <= done) {
      throw new WekaException("BatchNormMLP: the saved model has trained " + done + " epochs and -epochs is "
          + epochs + ", so there is nothing to continue: give the total number of epochs to reach, e.g. -epochs "
          + (done + epochs) + " for " + epochs + " more.");
    }
  }
}
