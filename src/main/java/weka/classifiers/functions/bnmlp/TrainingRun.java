package weka.classifiers.functions.bnmlp;

import java.util.Random;

import weka.classifiers.functions.bnmlp.data.InstanceEncoder;
import weka.classifiers.functions.bnmlp.diagnostics.LayerDiagnostics;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingLog;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingTrajectory;
import weka.classifiers.functions.bnmlp.backend.MemoryLimits;
import weka.classifiers.functions.bnmlp.net.MemoryEstimate;
import weka.classifiers.functions.bnmlp.net.MlpEngine;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.Snapshot;
import weka.classifiers.functions.bnmlp.net.TrainingSettings;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.core.Instances;
import weka.core.WekaException;

/**
 * One training run, epoch by epoch: encodes the data once, optionally holds out a validation part
 * for early stopping (keeping the best weights), and refuses to continue once the loss diverges.
 */
public final class TrainingRun {

  /** Rows of training data the per-epoch diagnostics look at: enough to see dead units, cheap to run. */
  static final int DIAGNOSTIC_SAMPLE_ROWS = 1024;

  private final InstanceEncoder encoder;
  private final MlpEngine engine;
  private final TrainingSettings settings;
  private final float[] trainInputs;
  private final int trainRows;
  private final Validation validation;
  private final int patience;
  private final TrainingLog log = new TrainingLog();
  private final TrainingTrajectory trajectory;
  private final boolean numericClass;
  private double bestValidationLoss = Double.POSITIVE_INFINITY;
  private Snapshot best;
  private int epochsSinceBest;

  /**
   * @param data training instances with a class, none of them with a missing class
   * @param architecture hidden layers and activation; input and output sizes are set here
   * @param validationPercent percentage of {@code data} held out for early stopping (0: none)
   * @param diagnostics record per-epoch layer diagnostics (and the state at initialisation)
   */
  public TrainingRun(Instances data, NetworkSpec architecture, TrainingSettings settings, long seed,
      double validationPercent, int patience, boolean diagnostics) throws Exception {
    this.settings = settings;
    this.patience = patience;
    Instances train = data;
    Instances held = null;
    if (validationPercent > 0) {
      Instances shuffled = new Instances(data);
      shuffled.randomize(new Random(seed));
      if (shuffled.classAttribute().isNominal()) {
        shuffled.stratify(Math.max(2, (int) Math.round(100 / validationPercent)));
      }
      int heldRows = (int) Math.round(shuffled.numInstances() * validationPercent / 100);
      if (heldRows < 1 || heldRows >= shuffled.numInstances()) {
        throw new WekaException("-validation-percent " + validationPercent + " leaves " + heldRows
            + " of " + shuffled.numInstances() + " instances for validation; need at least one on each side");
      }
      held = new Instances(shuffled, 0, heldRows);
      train = new Instances(shuffled, heldRows, shuffled.numInstances() - heldRows);
    }
    encoder = new InstanceEncoder(train);
    numericClass = data.classAttribute().isNumeric();
    NetworkSpec spec = numericClass
        ? architecture.resized(encoder.inputCount(), 1, NetworkSpec.Loss.SQUARED_ERROR)
        : architecture.resized(encoder.inputCount(), data.numClasses(), NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY);
    String refusal = MemoryEstimate.of(spec, settings, data.numInstances(), Runtime.getRuntime().availableProcessors())
        .refusal(MemoryLimits.ofThisJvm());
    if (refusal != null) {
      throw new WekaException(refusal);
    }
    trainRows = train.numInstances();
    engine = new MlpEngine(spec, settings, seed);
    trainInputs = encoder.inputs(train);
    engine.startTraining(trainInputs, encoder.targets(train), InstanceEncoder.weights(train), trainRows);
    trajectory = diagnostics ? startDiagnostics(spec) : null;
    validation = held == null ? null
        : new Validation(encoder.inputs(held), encoder.targets(held), InstanceEncoder.weights(held),
            held.numInstances());
  }

  /** Trains one epoch; false when early stopping ends the run. */
  public boolean epoch() throws Exception {
    int epoch = log.epochs() + 1;
    double loss = engine.trainEpoch();
    if (!Double.isFinite(loss)) {
      throw new WekaException("BatchNormMLP: training loss became " + loss + " at epoch " + epoch
          + "; lower -lr (now " + settings.learningRate + ") or use batch normalization");
    }
    log.addEpoch(loss);
    if (trajectory != null) {
      trajectory.addEpoch(engine.diagnose());
    }
    if (validation == null) {
      return true;
    }
    double v = engine.loss(validation.inputs, validation.targets, validation.weights, validation.rows);
    boolean improved = v < bestValidationLoss;
    log.addValidation(v, improved);
    if (improved) {
      bestValidationLoss = v;
      best = engine.snapshot();
      epochsSinceBest = 0;
      return true;
    }
    if (++epochsSinceBest >= patience) {
      log.markStoppedEarly();
      return false;
    }
    return true;
  }

  /** Rows of the training data sampled at even spacing, measured at initialisation and every epoch. */
  private TrainingTrajectory startDiagnostics(NetworkSpec spec) {
    int rows = Math.min(trainRows, DIAGNOSTIC_SAMPLE_ROWS);
    int width = spec.inputs;
    float[] sample = new float[rows * width];
    for (int i = 0; i < rows; i++) {
      int source = (int) ((long) i * trainRows / rows);
      System.arraycopy(trainInputs, source * width, sample, i * width, width);
    }
    engine.enableDiagnostics(sample, rows);
    TrainingTrajectory t = new TrainingTrajectory(spec.activation == ActivationKind.LEAKY_RELU, rows);
    t.setInitial(engine.diagnose(), engine.outputCollapsed());
    return t;
  }

  /** Null unless diagnostics were asked for. */
  public TrainingTrajectory trajectory() {
    return trajectory;
  }

  /** Dead units per layer on the diagnostic sample after the last epoch, e.g. for progress lines. */
  public String deadUnitsNow() {
    if (trajectory == null || trajectory.epochs() == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (LayerDiagnostics d : trajectory.epoch(trajectory.epochs() - 1)) {
      sb.append(sb.length() > 0 ? " " : "").append(d.inactiveUnits);
    }
    return sb.toString();
  }

  public int epochsDone() {
    return log.epochs();
  }

  public double lastLoss() {
    return log.lastTrainingLoss();
  }

  /**
   * The model as it stands: with early stopping, the best weights seen. The run stays usable for
   * more epochs only if {@code resumable}; otherwise its training data are released.
   */
  public TrainedModel finish(boolean resumable) {
    if (best != null) {
      engine.restore(best);
    }
    TrainedModel model = new TrainedModel(encoder, engine, log, engine.deadUnits(trainInputs, trainRows),
        trajectory, numericClass);
    if (!resumable) {
      engine.finishTraining();
    }
    return model;
  }

  private static final class Validation {
    final float[] inputs;
    final float[] targets;
    final float[] weights;
    final int rows;

    Validation(float[] inputs, float[] targets, float[] weights, int rows) {
      this.inputs = inputs;
      this.targets = targets;
      this.weights = weights;
      this.rows = rows;
    }
  }
}
