package weka.classifiers.functions.bnmlp.options;

import weka.core.WekaException;

/**
 * The range checks of BatchNormMLP's options, run on the command line and again before training
 * (values set in the GUI never pass through the command line). Each error names the option and
 * the bad value.
 */
final class OptionChecks {

  private OptionChecks() {
  }

  static void check(BatchNormMLPOptions o) throws WekaException {
    hiddenSizes(o.getHiddenLayers());
    batchSize(o.getBatchSize());
    double alpha = o.getLeakyReluAlpha();
    double lr = o.getLearningRate();
    double momentum = o.getMomentum();
    double l2 = o.getL2();
    double bnMomentum = o.getBnMomentum();
    double bnEpsilon = o.getBnEpsilon();
    double validation = o.getValidationPercent();
    finite("alpha", alpha);
    finite("lr", lr);
    finite("momentum", momentum);
    finite("l2", l2);
    finite("bn-momentum", bnMomentum);
    finite("bn-epsilon", bnEpsilon);
    finite("validation-percent", validation);
    require(lr > 0, "-lr must be positive (got " + lr + ")");
    require(momentum >= 0 && momentum < 1, "-momentum must be in [0, 1) (got " + momentum + ")");
    require(l2 >= 0, "-l2 must be >= 0 (got " + l2 + ")");
    require(o.getNumEpochs() > 0, "-epochs must be positive (got " + o.getNumEpochs() + ")");
    require(alpha >= 0 && alpha < 1, "-alpha must be in [0, 1) (got " + alpha + ")");
    require(bnMomentum > 0 && bnMomentum <= 1, "-bn-momentum must be in (0, 1] (got " + bnMomentum + ")");
    require(bnEpsilon > 0, "-bn-epsilon must be positive (got " + bnEpsilon + ")");
    require(validation >= 0 && validation < 100, "-validation-percent must be in [0, 100) (got " + validation + ")");
    require(o.getPatience() > 0, "-patience must be positive (got " + o.getPatience() + ")");
    require(o.getNumThreads() >= 0, "-num-threads must be 0 (all cores) or positive (got " + o.getNumThreads() + ")");
  }

  static int[] hiddenSizes(String hidden) throws WekaException {
    try {
      return HiddenLayers.parse(hidden);
    } catch (IllegalArgumentException e) {
      throw new WekaException("BatchNormMLP: " + e.getMessage());
    }
  }

  static int batchSize(String text) throws WekaException {
    int size;
    try {
      size = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new WekaException("BatchNormMLP: -batch-size: '" + text + "' is not a whole number");
    }
    require(size > 0, "-batch-size must be positive (got " + size + ")");
    return size;
  }

  private static void finite(String option, double value) throws WekaException {
    require(Double.isFinite(value), "-" + option + " must be a finite number (got " + value + ")");
  }

  private static void require(boolean ok, String message) throws WekaException {
    if (!ok) {
      throw new WekaException("BatchNormMLP: " + message);
    }
  }
}
