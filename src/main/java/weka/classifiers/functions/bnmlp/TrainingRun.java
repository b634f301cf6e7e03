package weka.classifiers.functions.bnmlp;

import java.util.Random;

import weka.classifiers.functions.bnmlp.data.InstanceEncoder;
import weka.classifiers.functions.bnmlp.diagnostics.LayerDiagnostics;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingLog;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingTrajectory;
import weka.classifiers.functions.bnmlp.backend.MemoryLimits;
import weka.classifiers.functions.bnmlp.engine.MemoryEstimate;
import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.engine.Snapshot;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.core.Instances;
import weka.core.WekaException;

/**
 * One training run, epoch by epoch: encodes the data once, optionally holds out a validation part
 * for early stopping (keeping the best weights), and stops when the loss diverges, keeping the
 * weights of the last epoch before it and saying so. A run can start from a saved model and
 * continue it exactly where it stopped.
 */
public final class TrainingRun {

  /** Rows of training data the per-epoch diagnostics look at: enough to see dead units, cheap to run. */
  static final int DIAGNOSTIC_SAMPLE_ROWS = 1024;

  /**
   * A loss this many times its starting value (or the loss of a constant prediction, whichever is
   * larger) has diverged: a healthy run lowers its loss, and a run whose loss grew a hundredfold
   * predicts worse than a constant.
   */
  public static final double DIVERGENCE_FACTOR = 100;

  /** Beyond this many hidden layers, the advice for a diverged run includes a shallower network. */
  static final int DEEP_LAYERS = 20;

  private final InstanceEncoder encoder;
  private final MlpEngine engine;
  private final TrainingSettings settings;
  private final NetworkSpec spec;
  private final Instances header;
  private final float[] trainInputs;
  private final int trainRows;
  private final Validation validation;
  private final int patience;
  private final TrainingLog log;
  private final TrainingTrajectory trajectory;
  private final boolean numericClass;
  private double bestValidationLoss = Double.POSITIVE_INFINITY;
  private double firstValidationLoss = Double.NaN;
  private Snapshot best;
  private int epochsSinceBest;
  private boolean diverged;

  /**
   * A new run.
   *
   * @param data training instances with a class, none of them with a missing class
   * @param architecture hidden layers and activation; input and output sizes are set here
   * @param validationPercent percentage of {@code data} held out for early stopping (0: none)
   * @param diagnostics record per-epoch layer diagnostics (and the state at initialisation)
   * @param threads threads this run's computations are split over (0: every core)
   */
  public TrainingRun(Instances data, NetworkSpec architecture, TrainingSettings settings, long seed,
      double validationPercent, int patience, boolean diagnostics, int threads) throws Exception {
    this(data, architecture, settings, seed, validationPercent, patience, diagnostics, threads, null);
  }

  /**
   * A run continuing {@code saved} (trained on data of the same form) for more epochs, with its
   * saved settings; equal to a run that had gone on without stopping.
   */
  public static TrainingRun continuing(TrainedModel saved, Instances data, long seed, double validationPercent,
      int patience, boolean diagnostics, int threads) throws Exception {
    Continuation state = saved.continuation();
    if (state == null) {
      throw new WekaException("BatchNormMLP: this saved model holds no training state to continue from");
    }
    if (saved.log().diverged()) {
      throw new WekaException("BatchNormMLP: the saved model diverged at epoch " + saved.log().divergedEpoch()
          + "; continuing it would diverge again. Train a new model (without -l) with a lower -lr.");
    }
    if (!state.header.equalHeaders(data)) {
      throw new WekaException("BatchNormMLP: the training data do not have the form of the saved model's: "
          + state.header.equalHeadersMsg(data));
    }
    return new TrainingRun(data, null, saved.engine().settings(), seed, validationPercent, patience, diagnostics,
        threads, saved);
  }

  private TrainingRun(Instances data, NetworkSpec architecture, TrainingSettings settings, long seed,
      double validationPercent, int patience, boolean diagnostics, int threads, TrainedModel saved)
      throws Exception {
    this.settings = settings;
    this.patience = patience;
    header = new Instances(data, 0);
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
    numericClass = data.classAttribute().isNumeric();
    trainRows = train.numInstances();
    if (saved == null) {
      encoder = new InstanceEncoder(train);
      spec = numericClass
          ? architecture.resized(encoder.inputCount(), 1, NetworkSpec.Loss.SQUARED_ERROR)
          : architecture.resized(encoder.inputCount(), data.numClasses(), NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY);
      String refusal = MemoryEstimate.of(spec, settings, data.numInstances(),
          threads > 0 ? threads : Runtime.getRuntime().availableProcessors()).refusal(MemoryLimits.ofThisJvm());
      if (refusal != null) {
        throw new WekaException(refusal);
      }
      engine = new MlpEngine(spec, settings, seed);
      engine.useThreads(threads);
      log = new TrainingLog();
    } else {
      Continuation state = saved.continuation();
      if (state.trainer.rows() != trainRows) {
        throw new WekaException("BatchNormMLP: the saved model was trained on " + state.trainer.rows()
            + " rows, these training data give " + trainRows + "; continue it on the data it was trained on");
      }
      encoder = saved.encoder(); // the inputs are standardized as the network learnt them
      engine = saved.engine();
      engine.useThreads(threads);
      spec = engine.spec();
      log = saved.log();
      log.clearStoppedEarly();
      if (state.last != null) { // early stopping kept an earlier epoch: continue from the last one
        best = engine.snapshot();
        engine.restore(state.last);
      }
      bestValidationLoss = state.bestValidationLoss;
      firstValidationLoss = state.firstValidationLoss;
      epochsSinceBest = state.epochsSinceBest >= patience ? 0 : state.epochsSinceBest;
    }
    trainInputs = encoder.inputs(train);
    engine.startTraining(trainInputs, encoder.targets(train), InstanceEncoder.weights(train), trainRows,
        saved == null ? null : saved.continuation().trainer);
    engine.checkpoint(); // the weights after the last epoch that did not diverge; at first, the initial ones
    warnAboutBatchesOfOneRow();
    if (diagnostics) {
      trajectory = saved != null && saved.trajectory() != null ? saved.trajectory() : startDiagnostics(saved == null);
      if (saved != null) {
        engine.enableDiagnostics(diagnosticSample(), Math.min(trainRows, DIAGNOSTIC_SAMPLE_ROWS));
      }
    } else {
      trajectory = null;
    }
    validation = held == null ? null
        : new Validation(encoder.inputs(held), encoder.targets(held), InstanceEncoder.weights(held),
            held.numInstances());
  }

  /**
   * BN normalizes each unit over the batch: over one row every unit becomes 0 (its output is beta), so
   * the hidden layers learn nothing from that batch. A last partial batch of one row joins the batch
   * before it; one-row data or {@code -batch-size 1} cannot be helped, so they are warned about.
   */
  private void warnAboutBatchesOfOneRow() {
    if (spec.bn == BnPlacement.NONE) {
      return;
    }
    if (trainRows == 1) {
      log.addWarning("BN sees one row: the training data have a single row, which batch normalization "
          + "maps to 0 in every unit, so the hidden layers learn nothing (use -bn none, or more data).");
    } else if (settings.batchSize == 1) {
      log.addWarning("BN sees one row: with -batch-size 1 batch normalization maps every batch to 0 in "
          + "every unit, so the hidden layers learn nothing (use -batch-size 16 or more, or -bn none).");
    }
  }

  /** Trains one epoch; false when training ends here (early stopping, or the loss diverged). */
  public boolean epoch() throws Exception {
    if (diverged) {
      return false;
    }
    int epoch = log.epochs() + 1;
    double loss = engine.trainEpoch();
    if (divergedFrom(loss, startingLoss())) {
      stopDiverged(epoch, "training", loss, startingLoss());
      return false;
    }
    if (validation == null) {
      log.addEpoch(loss);
      addDiagnostics();
      engine.checkpoint();
      return true;
    }
    double v = engine.loss(validation.inputs, validation.targets, validation.weights, validation.rows);
    if (Double.isNaN(firstValidationLoss) && Double.isFinite(v)) {
      firstValidationLoss = v;
    }
    double validationStart = Math.max(startingLoss(), Double.isNaN(firstValidationLoss) ? 0 : firstValidationLoss);
    if (divergedFrom(v, validationStart)) {
      stopDiverged(epoch, "validation", v, validationStart);
      return false;
    }
    log.addEpoch(loss);
    addDiagnostics();
    engine.checkpoint();
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

  private void addDiagnostics() {
    if (trajectory != null) {
      trajectory.addEpoch(engine.diagnose());
    }
  }

  /**
   * The loss the run started from: that of its first minibatch before any update, or of a constant
   * prediction (uniform class probabilities; the mean of the standardized target), whichever is larger.
   */
  private double startingLoss() {
    double constant = numericClass ? 0.5 : Math.log(Math.max(2, spec.outputs));
    double first = engine.startingLoss();
    return Double.isFinite(first) ? Math.max(first, constant) : constant;
  }

  static boolean divergedFrom(double loss, double start) {
    return !Double.isFinite(loss) || loss > DIVERGENCE_FACTOR * start;
  }

  /** Keeps the weights of the last epoch before the divergence, and logs one line saying so. */
  private void stopDiverged(int epoch, String which, double loss, double start) {
    diverged = true;
    engine.restoreCheckpoint();
    int kept = epoch - 1;
    String line = "Training diverged at epoch " + epoch + ": " + which + " loss " + loss(loss)
        + (Double.isFinite(loss) ? " (starting loss " + loss(start) + ")" : "")
        + "; stopped, " + (best != null ? "weights of epoch " + log.bestEpoch() + " (lowest validation loss) kept"
        : kept > 0 ? "weights of epoch " + kept + " kept" : "the untrained network kept")
        + ". Try " + advice() + ".";
    log.markDiverged(epoch, line);
  }

  private static String loss(double value) {
    return String.format(java.util.Locale.ROOT, "%.4g", value);
  }

  /** What to try, for the settings in use: never advice that is already followed. */
  private String advice() {
    boolean adam = settings.optimizer == OptimizerKind.ADAM;
    double usualMax = adam ? 1e-2 : 1e-1;
    StringBuilder sb = new StringBuilder("a lower -lr (now ").append(settings.learningRate)
        .append(settings.learningRate > usualMax ? adam ? "; Adam usually trains with 1e-4 to 1e-2)"
            : "; SGD usually trains with 0.01 to 0.1)" : ", e.g. " + settings.learningRate / 10 + ")");
    if (spec.bn == BnPlacement.NONE) {
      sb.append(", -bn before");
    }
    if (spec.layerCount() > DEEP_LAYERS) { // gradients through many layers can explode, with or without BN
      sb.append(", fewer hidden layers (now ").append(spec.layerCount()).append(')');
    }
    if (settings.optimizer == OptimizerKind.SGD) {
      sb.append(settings.momentum > 0.5 ? ", a lower -momentum (now " + settings.momentum + ")" : "")
          .append(", or -optimizer adam");
    } else if (spec.bn != BnPlacement.NONE) {
      sb.append(settings.l2 == 0 ? ", or -l2 1e-4" : "");
    }
    return sb.toString();
  }

  /** Rows of the training data sampled at even spacing, measured at initialisation and every epoch. */
  private TrainingTrajectory startDiagnostics(boolean fresh) {
    int rows = Math.min(trainRows, DIAGNOSTIC_SAMPLE_ROWS);
    engine.enableDiagnostics(diagnosticSample(), rows);
    TrainingTrajectory t = new TrainingTrajectory(spec.activation == ActivationKind.LEAKY_RELU, rows);
    if (fresh) {
      t.setInitial(engine.diagnose(), engine.outputCollapsed());
    }
    return t;
  }

  private float[] diagnosticSample() {
    int rows = Math.min(trainRows, DIAGNOSTIC_SAMPLE_ROWS);
    int width = spec.inputs;
    float[] sample = new float[rows * width];
    for (int i = 0; i < rows; i++) {
      int source = (int) ((long) i * trainRows / rows);
      System.arraycopy(trainInputs, source * width, sample, i * width, width);
    }
    return sample;
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

  /** The one line saying the run diverged, or null. */
  public String divergence() {
    return log.divergence();
  }

  /**
   * The model as it stands (with early stopping, the best weights seen), holding what it takes to
   * continue training later; the run's training data are released.
   */
  public TrainedModel finish() {
    Snapshot last = null;
    if (best != null && !diverged) {
      last = engine.snapshot();
    }
    Continuation state = new Continuation(header, engine.trainerState(), last, bestValidationLoss,
        firstValidationLoss, epochsSinceBest);
    if (best != null) {
      engine.restore(best);
    }
    TrainedModel model = new TrainedModel(encoder, engine, log, engine.deadUnits(trainInputs, trainRows),
        trajectory, numericClass, state);
    engine.finishTraining();
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
