package weka.classifiers.functions.bnmlp;

import java.io.Serializable;

import weka.classifiers.functions.bnmlp.data.InstanceEncoder;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingLog;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingTrajectory;
import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.predict.RowSource;
import weka.core.Instances;

/** A trained network with its input encoding, training log and training-data dead-unit report. */
public final class TrainedModel implements Serializable {

  private static final long serialVersionUID = 1L;

  private final InstanceEncoder encoder;
  private final MlpEngine engine;
  private final TrainingLog log;
  private final DeadUnitReport trainingReport;
  private final TrainingTrajectory trajectory;
  private final boolean numericClass;
  /** What continuing the training needs (optimizer and shuffling state); null in models saved before it was kept. */
  private Continuation continuation;

  /**
   * A model trained elsewhere than {@link TrainingRun} (a data-parallel trainer, or an average of
   * models): no per-epoch trajectory, and no state to continue training from.
   */
  public static TrainedModel of(InstanceEncoder encoder, MlpEngine engine, TrainingLog log,
      DeadUnitReport trainingReport) {
    return new TrainedModel(encoder, engine, log, trainingReport, null,
        engine.spec().loss == weka.classifiers.functions.bnmlp.net.NetworkSpec.Loss.SQUARED_ERROR, null);
  }

  TrainedModel(InstanceEncoder encoder, MlpEngine engine, TrainingLog log, DeadUnitReport trainingReport,
      TrainingTrajectory trajectory, boolean numericClass, Continuation continuation) {
    this.continuation = continuation;
    this.trajectory = trajectory;
    this.encoder = encoder;
    this.engine = engine;
    this.log = log;
    this.trainingReport = trainingReport;
    this.numericClass = numericClass;
  }

  /**
   * Rows encoded and predicted at a time when Weka's filters encode: bounds the memory of a large
   * prediction to a few MB instead of two float copies of the whole data set.
   */
  static final int PREDICTION_BLOCK = 8192;
  /** Rows per call of {@link #fillBlock}. */
  private static final int FILL_ROWS = 32;

  /** Class distributions (or a one-element array holding the numeric prediction), one per instance. */
  public double[][] distributions(Instances data) throws Exception {
    int rows = data.numInstances();
    double[][] result = new double[rows][];
    RowSource source = encoder.rowSource(data);
    if (source != null) { // the prediction threads encode their own rows and fill in their results
      engine.predict(rows, source, (from, to, out) -> fill(result, out, from, to));
      return result;
    }
    for (int from = 0; from < rows; from += PREDICTION_BLOCK) { // Weka's filters encode, a block at a time
      int to = Math.min(rows, from + PREDICTION_BLOCK);
      fill(result, engine.predict(encoder.inputs(data, from, to), to - from), from, to);
    }
    return result;
  }

  /**
   * Weka's distributions for rows {@code [from, to)} from the network's outputs for them; in blocks
   * of rows, a method call each, so that the JIT compiles the block once instead of a loop over a
   * whole chunk twice (first while it runs, then whole) during the first predictions.
   */
  private void fill(double[][] result, float[] out, int from, int to) {
    for (int i = from; i < to; i += FILL_ROWS) {
      fillBlock(result, out, from, i, Math.min(to, i + FILL_ROWS));
    }
  }

  /** Rows {@code [i0, i1)} of a chunk that starts at row {@code from}. */
  private void fillBlock(double[][] result, float[] out, int from, int i0, int i1) {
    int width = engine.spec().outputs;
    for (int i = i0; i < i1; i++) {
      result[i] = distribution(out, (i - from) * width, width);
    }
  }

  /** One row's distribution; a method of its own so that the JIT compiles it once, whatever loop calls it. */
  private double[] distribution(float[] out, int at, int width) {
    if (numericClass) {
      return new double[] {encoder.classValue(out[at])};
    }
    double[] p = new double[width];
    for (int c = 0; c < width; c++) {
      p[c] = out[at + c];
    }
    return p;
  }

  /** The network's input rows for {@code data} (row-major floats), as prediction computes them. */
  public float[] encodeInputs(Instances data) throws Exception {
    return encoder.inputs(data);
  }

  /**
   * Per-layer dead units of this network on {@code data}, counted chunk by chunk as prediction runs
   * (whose threads encode their own rows where they can, as in {@link #distributions}).
   */
  public DeadUnitReport deadUnits(Instances data) throws Exception {
    RowSource source = encoder.rowSource(data);
    if (source != null) {
      return engine.unitActivity(data.numInstances(), source).report();
    }
    return engine.deadUnits(encoder.inputs(data), data.numInstances());
  }

  public DeadUnitReport trainingReport() {
    return trainingReport;
  }

  /** Per-epoch diagnostics, or null when they were not asked for. */
  public TrainingTrajectory trajectory() {
    return trajectory;
  }

  public TrainingLog log() {
    return log;
  }

  public MlpEngine engine() {
    return engine;
  }

  /** How instances become the network's inputs (fitted on the training data). */
  public InstanceEncoder encoder() {
    return encoder;
  }

  Continuation continuation() {
    return continuation;
  }

  /** Forgets the training state (Weka's "Clean up model"): a smaller model that cannot be trained further. */
  public void dropTrainingState() {
    continuation = null;
  }

  /** Whether training can continue from this model (Weka's -continue-iterating). */
  public boolean canContinue() {
    return continuation != null && !log.diverged();
  }
}
