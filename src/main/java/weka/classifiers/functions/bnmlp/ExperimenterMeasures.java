package weka.classifiers.functions.bnmlp;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Vector;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;

/**
 * The measures the Experimenter can tabulate for a trained network, all on the training data of
 * the run: dead units in total, as a fraction of the hidden units, per layer; mean zero fraction;
 * epochs trained; final training loss; and whether training diverged (1) or not (0).
 */
public final class ExperimenterMeasures {

  private static final String LAYER_PREFIX = "measureDeadUnitsLayer";

  private ExperimenterMeasures() {
  }

  /** The names, with one per-layer measure for each of {@code layers} hidden layers. */
  public static Enumeration<String> names(int layers) {
    Vector<String> names = new Vector<>();
    Collections.addAll(names, "measureDeadUnits", "measureDeadFraction", "measureZeroFraction",
        "measureEpochsTrained", "measureFinalTrainingLoss", "measureDiverged");
    for (int l = 1; l <= layers; l++) {
      names.add(LAYER_PREFIX + l);
    }
    return names.elements();
  }

  /** The named measure of {@code model}; an unknown name is an error naming it. */
  public static double value(TrainedModel model, String name) {
    DeadUnitReport report = model.trainingReport();
    switch (name) {
      case "measureDeadUnits":
        return report.totalInactiveUnits();
      case "measureDeadFraction":
        return report.totalInactiveUnits() / (double) report.totalUnits();
      case "measureZeroFraction":
        return report.layers().stream().mapToDouble(l -> l.inactiveFraction() * l.units()).sum()
            / report.totalUnits();
      case "measureEpochsTrained":
        return model.log().epochs();
      case "measureFinalTrainingLoss":
        return model.log().lastTrainingLoss();
      case "measureDiverged":
        return model.log().diverged() ? 1 : 0;
      default:
        if (name.startsWith(LAYER_PREFIX)) {
          try {
            int layer = Integer.parseInt(name.substring(LAYER_PREFIX.length()));
            if (layer >= 1 && layer <= report.layers().size()) {
              return report.layer(layer - 1).inactiveUnits();
            }
          } catch (NumberFormatException e) {
            // falls through to the error naming the measure
          }
        }
        throw new IllegalArgumentException("BatchNormMLP: unknown measure " + name);
    }
  }
}
