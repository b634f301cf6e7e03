package weka.classifiers.functions.bnmlp.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.LayerDiagnostics;
import weka.classifiers.functions.bnmlp.net.DenseData;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;
import weka.classifiers.functions.bnmlp.predict.Predictor;
import weka.classifiers.functions.bnmlp.predict.RowSink;
import weka.classifiers.functions.bnmlp.predict.RowSource;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.train.MinibatchTrainer;
import weka.classifiers.functions.bnmlp.train.TrainerState;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;
import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;

/**
 * The network engine behind the Weka classifier. Its interface speaks plain Java arrays (row-major
 * inputs, one target per row, one weight per row) so that no ND4J type reaches the Weka side; every
 * call runs inside {@link Nd4jRuntime}. Serializable: parameters travel as plain arrays and the
 * ND4J network is rebuilt on first use after deserialization.
 */
public final class MlpEngine implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Rows per forward pass at prediction time; BN then uses running statistics, so any size works. */
  public static final int PREDICTION_CHUNK = 1024;

  private final NetworkSpec spec;
  private final TrainingSettings settings;
  private final long seed;
  private final DataType dataType;

  private transient Network network;
  private transient MinibatchTrainer trainer;
  private transient Snapshot restoredState;
  private transient DiagnosticsProbe probe;
  /** The kernel family of {@link #network} and its way to predict; chosen with the network. */
  private transient KernelChoice choice;
  private transient Predictor predictor;
  /** Parameters and statistics kept by {@link #checkpoint()}. */
  private transient INDArray[] checkpoint;
  /** Threads of this engine's computations; 0 until {@link #useThreads} is called (then the JVM default). */
  private transient volatile int threads;

  public MlpEngine(NetworkSpec spec, TrainingSettings settings, long seed) {
    this(spec, settings, seed, DataType.FLOAT);
  }

  MlpEngine(NetworkSpec spec, TrainingSettings settings, long seed, DataType dataType) {
    this.spec = spec;
    this.settings = settings;
    this.seed = seed;
    this.dataType = dataType;
    Nd4jRuntime.get(() -> {
      network = newNetwork();
      network.initialise(seed);
      return null;
    });
  }

  public NetworkSpec spec() {
    return spec;
  }

  public TrainingSettings settings() {
    return settings;
  }

  /**
   * Threads this engine's training steps and predictions are split over (on the CPU backend); 0 or
   * less means every core. Belongs to this engine alone: engines in other threads of the JVM keep
   * their own counts, so a model's numbers do not depend on what else trains at the same time.
   */
  public void useThreads(int count) {
    threads = count > 0 ? count : Runtime.getRuntime().availableProcessors();
  }

  /** The thread count in use: the one set by {@link #useThreads}, else the JVM default. */
  public int threads() {
    int n = threads;
    return n > 0 ? n : Nd4jRuntime.kernelThreads();
  }

  /** The seed of the initial weights (and of the single-machine trainer's shuffling). */
  public long seed() {
    return seed;
  }

  /** Copies the training data to ND4J once; epochs then run on it until {@link #finishTraining()}. */
  public void startTraining(float[] x, float[] target, float[] weight, int rows) {
    startTraining(x, target, weight, rows, null);
  }

  /**
   * As {@link #startTraining(float[], float[], float[], int)}, continuing from a state saved by
   * {@link #trainerState()} on the same rows (null: from the start).
   */
  public void startTraining(float[] x, float[] target, float[] weight, int rows, TrainerState from) {
    Nd4jRuntime.get(() -> {
      DenseData data = new DenseData(spec, dataType, x, target, DenseData.normalizedWeights(weight, rows), rows);
      trainer = new MinibatchTrainer(network(), settings, data, new Random(seed + 1));
      if (from != null) {
        trainer.restore(from);
      }
      return null;
    });
  }

  /** The optimizer and shuffling state to continue training from later (see {@link TrainerState}). */
  public TrainerState trainerState() {
    if (trainer == null) {
      throw new IllegalStateException("startTraining was not called");
    }
    return Nd4jRuntime.get(trainer::state);
  }

  /** Loss of the first minibatch of the run, before any update; NaN before the first epoch. */
  public double startingLoss() {
    return trainer == null ? Double.NaN : trainer.startingLoss();
  }

  /** One epoch; returns the mean weighted training loss over it. */
  public double trainEpoch() {
    if (trainer == null) {
      throw new IllegalStateException("startTraining was not called");
    }
    parametersChanged();
    return Nd4jRuntime.get(trainer::epoch);
  }

  /**
   * Keeps a copy of the parameters and running statistics (in native memory, copied there: cheap
   * enough for every epoch) for {@link #restoreCheckpoint()}.
   */
  public void checkpoint() {
    Nd4jRuntime.get(() -> {
      Network net = network();
      if (checkpoint == null) {
        checkpoint = new INDArray[] {net.flat.params.dup(), net.flat.stats.dup()};
      } else {
        checkpoint[0].assign(net.flat.params);
        checkpoint[1].assign(net.flat.stats);
      }
      return null;
    });
  }

  /** Back to the parameters and statistics of the last {@link #checkpoint()}. */
  public void restoreCheckpoint() {
    if (checkpoint == null) {
      throw new IllegalStateException("checkpoint was not called");
    }
    parametersChanged();
    Nd4jRuntime.get(() -> {
      Network net = network();
      net.flat.params.assign(checkpoint[0]);
      net.flat.stats.assign(checkpoint[1]);
      return null;
    });
  }

  public void finishTraining() {
    checkpoint = null;
    trainer = null;
    probe = null;
    parametersChanged();
  }

  /**
   * Turns on per-epoch diagnostics, measured on these rows (a fixed sample of the training data);
   * gradient norms are then kept from each epoch's last minibatch.
   */
  public void enableDiagnostics(float[] sample, int rows) {
    Nd4jRuntime.get(() -> {
      probe = new DiagnosticsProbe(inputMatrix(sample, rows));
      if (trainer != null) {
        trainer.recordGradientNorms(true);
      }
      return null;
    });
  }

  /**
   * Diagnostics of every hidden layer now. Before the first epoch (no gradient norms yet) BN uses
   * the sample's own statistics, since the running ones are still their initial 0 and 1.
   */
  public synchronized LayerDiagnostics[] diagnose() {
    if (probe == null) {
      throw new IllegalStateException("enableDiagnostics was not called");
    }
    parametersChanged(); // with batch statistics (before the first epoch) the forward pass moves the running ones
    return Nd4jRuntime.get(() -> {
      double[] norms = trainer == null ? null : trainer.lastGradientNorms();
      return probe.measure(network(), norms, norms == null);
    });
  }

  /** Whether the network's output was the same for every sample row at the last {@link #diagnose()}. */
  public boolean outputCollapsed() {
    return probe != null && probe.collapsed();
  }

  /** Mean weighted loss at prediction time (running BN statistics), e.g. on validation data. */
  public double loss(float[] x, float[] target, float[] weight, int rows) {
    return withTransientArrays(() -> {
      DenseData data = new DenseData(spec, dataType, x, target, DenseData.normalizedWeights(weight, rows), rows);
      Network net = network();
      double total = 0;
      for (int from = 0; from < rows; from += PREDICTION_CHUNK) {
        int to = Math.min(rows, from + PREDICTION_CHUNK);
        total += net.inferenceLoss(rowsOf(data.inputs, from, to), rowsOf(data.targets, from, to),
            rowsOf(data.weights, from, to)) * (to - from);
      }
      return total / rows;
    });
  }

  /**
   * Class probabilities (or the numeric output) for {@code rows} rows taken from {@code source}
   * (several threads may read it at once), handed to {@code sink} a chunk of rows at a time (several
   * threads may write to it at once).
   */
  public synchronized void predict(int rows, RowSource source, RowSink sink) {
    withTransientArrays(() -> {
      predictor().predict(rows, source, sink);
      return null;
    });
  }

  /** The kernel family's own way to predict, made on first use. */
  private Predictor predictor() {
    if (predictor == null) {
      Network net = network(); // first: after deserialization it also makes the kernel choice
      predictor = choice.predictor(net, PREDICTION_CHUNK);
    }
    return predictor;
  }

  /** Class probabilities (or the numeric output) for each row, row-major, {@code rows * outputs}. */
  public synchronized float[] predict(float[] x, int rows) {
    int width = spec.inputs;
    int outputs = spec.outputs;
    float[] result = new float[rows * outputs];
    predict(rows, (from, to, into) -> System.arraycopy(x, from * width, into, 0, (to - from) * width),
        (from, to, out) -> System.arraycopy(out, 0, result, from * outputs, (to - from) * outputs));
    return result;
  }

  /** Per-layer dead (or LeakyReLU all-negative) units of this network on the given rows. */
  public synchronized DeadUnitReport deadUnits(float[] x, int rows) {
    return unitActivity(x, rows).report();
  }

  /**
   * What {@link #deadUnits} counts, in a form that adds up over parts of a data set: the report of
   * the whole is the sum of the parts' activities.
   */
  public synchronized UnitActivity unitActivity(float[] x, int rows) {
    int width = spec.inputs;
    return unitActivity(rows, (from, to, into) -> System.arraycopy(x, from * width, into, 0, (to - from) * width));
  }

  /** The same, for {@code rows} rows taken from {@code source} (several threads may read it at once). */
  public synchronized UnitActivity unitActivity(int rows, RowSource source) {
    return withTransientArrays(() -> predictor().activity(rows, source));
  }

  /** Runs work on arrays made for this call only, then lets the kernels forget them. */
  private <T> T withTransientArrays(java.util.concurrent.Callable<T> work) {
    return Nd4jRuntime.get(() -> {
      try {
        return work.call();
      } finally {
        if (network != null) {
          network.kernels.release();
        }
      }
    });
  }

  public Snapshot snapshot() {
    return Nd4jRuntime.get(() -> new Snapshot(network().parameters(), network().statistics()));
  }

  public void restore(Snapshot state) {
    parametersChanged();
    Nd4jRuntime.get(() -> {
      network().setState(state.parameters, state.statistics);
      return null;
    });
  }

  /**
   * One optimizer step per batch of row indices into the data given to {@link #startTraining}, in
   * the order given (no shuffling); returns the summed loss times rows. For trainers that decide
   * themselves which rows each step sees, e.g. data-parallel replicas.
   */
  public double trainBatches(int[][] rowBatches) {
    requireTraining();
    parametersChanged();
    return Nd4jRuntime.get(() -> trainer.steps(rowBatches));
  }

  /** Parameters, BN statistics and optimizer state now (copies), see {@link TrainingState}. */
  public TrainingState trainingState() {
    requireTraining();
    return Nd4jRuntime.get(() -> {
      double[][] moments = trainer.optimizer().moments();
      return new TrainingState(network().parameters(), network().statistics(), moments[0], moments[1],
          trainer.optimizer().steps());
    });
  }

  /** Continues training from {@code state}, as if the steps that led to it had run here. */
  public void restoreTrainingState(TrainingState state) {
    requireTraining();
    parametersChanged();
    Nd4jRuntime.get(() -> {
      network().setState(state.parameters, state.statistics);
      trainer.optimizer().restore(state.firstMoment, state.secondMoment, state.steps);
      return null;
    });
  }

  /**
   * Minibatch sizes an epoch over {@code rows} rows uses, as the single-machine trainer splits it (with
   * BN, a last batch of one row joins the one before): one array of that length per step.
   */
  public static int[][] batchShapes(int rows, int batchSize, boolean batchNorm) {
    return MinibatchTrainer.splitIntoBatches(rows, batchSize, batchNorm);
  }

  private void requireTraining() {
    if (trainer == null) {
      throw new IllegalStateException("startTraining was not called");
    }
  }

  public long parameterCount() {
    return new ParameterLayout(spec).size();
  }

  /** Forgets what the predictor derived from the parameters (they may have changed). */
  private void parametersChanged() {
    if (predictor != null) {
      predictor.parametersChanged();
    }
  }

  /** A network on the kernel family chosen for this backend and data type. */
  private Network newNetwork() {
    choice = KernelChoice.choose(dataType, this::threads);
    predictor = null;
    return new Network(spec, dataType, choice.family());
  }

  private Network network() {
    if (network == null) {
      network = newNetwork();
      network.setState(restoredState.parameters, restoredState.statistics);
      restoredState = null;
    }
    return network;
  }

  private INDArray inputMatrix(float[] x, int rows) {
    if (x.length != (long) rows * spec.inputs) {
      throw new IllegalArgumentException("expected " + rows + " x " + spec.inputs + " inputs, got "
          + x.length + " values");
    }
    return DenseData.matrix(x, rows, spec.inputs, dataType);
  }

  private static INDArray rowsOf(INDArray matrix, int from, int to) {
    return matrix.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeObject(network != null ? snapshot() : restoredState);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    restoredState = (Snapshot) in.readObject();
  }
}
