package weka.classifiers.functions.bnmlp.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.spark.Dependency;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.functions.BatchNormMLP;
import weka.classifiers.functions.bnmlp.TrainedModel;
import weka.classifiers.functions.bnmlp.data.InstanceEncoder;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingLog;
import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;
import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.engine.Snapshot;
import weka.classifiers.functions.bnmlp.engine.TrainingState;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.WekaException;

/**
 * Trains a {@link BatchNormMLP} data-parallel on Spark, with the options of the classifier it is given.
 *
 * <p>Synchronous rounds: each partition keeps a replica of the network; a round broadcasts one
 * training state (parameters, BN running statistics, Adam's moments and step count), every replica
 * runs its next {@code localSteps} minibatches of its share of the epoch from it, and a tree
 * aggregation averages the replicas' states (weighted by the steps each took) into the next round's
 * state. An epoch is over when every partition has used each of its rows once. The result is an
 * ordinary BatchNormMLP with its dead-unit table on the whole training data.
 *
 * <p>The input encoding (missing values, one-hot, standardization) is fitted on the driver, on the
 * whole data when they have at most {@code encoderSampleRows} rows, else on a random sample of that
 * many; the option checks and errors are the classifier's own, made on those rows.
 */
public final class SparkMlpTrainer {

  public static final int DEFAULT_LOCAL_STEPS = 8;
  public static final int DEFAULT_ENCODER_SAMPLE_ROWS = 100_000;

  private final BatchNormMLP options;
  private int localSteps = DEFAULT_LOCAL_STEPS;
  private int encoderSampleRows = DEFAULT_ENCODER_SAMPLE_ROWS;
  private FaultInjection fault;
  private PhaseClock clock = new PhaseClock();

  /** @param options a classifier whose options (not its model) set up the training */
  public SparkMlpTrainer(BatchNormMLP options) {
    this.options = options;
  }

  /** Minibatches each replica runs between two averagings (1: average after every step). */
  public SparkMlpTrainer localSteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("local steps must be positive (got " + steps + ")");
    }
    localSteps = steps;
    return this;
  }

  /** Most rows the driver fits the input encoding on (a random sample when there are more). */
  public SparkMlpTrainer encoderSampleRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("encoder sample rows must be positive (got " + rows + ")");
    }
    encoderSampleRows = rows;
    return this;
  }

  /** How long the phases of the last {@link #train} took. */
  public String lastTimings() {
    return clock.toString();
  }

  /** Tests only: the first attempt of this round's task on this partition fails. */
  SparkMlpTrainer failFirstAttempt(int epoch, int round, int partition) {
    fault = new FaultInjection(epoch, round, partition);
    return this;
  }

  /**
   * Trains on {@code rows}, whose attributes are {@code header}'s (with its class index set).
   *
   * @return a new BatchNormMLP with the options given at construction and the trained network
   */
  public BatchNormMLP train(JavaRDD<Instance> rows, Instances header) throws Exception {
    checkSupported();
    if (header.classIndex() < 0) {
      throw new WekaException("BatchNormMLP: the data have no class attribute set");
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
    clock = new PhaseClock();
    BatchNormMLP result = (BatchNormMLP) AbstractClassifier.makeCopy(options);
    result.initializeClassifier(encoderRows(rows, header)); // the classifier's own checks and errors
    result.done();
    if (!result.hasNetwork()) {
      return result; // no input attributes: the classifier's ZeroR fallback, fitted on those rows
    }
    TrainedModel initial = result.trainedModel();
    clock.lap("driver: rows for the encoding, checks");
    ModelSetup setup = new ModelSetup(initial.engine());
    Broadcast<InstanceEncoder> encoder = sc.broadcast(initial.encoder());
    JavaRDD<EncodedBlock> blocks = rows.mapPartitions(new EncodePartition(header, encoder))
        .persist(StorageLevel.MEMORY_AND_DISK());
    if (fromDriverCollection(rows.rdd())) {
      // every round's tasks would otherwise carry their slice of the parallelized rows (~0.1 s per round
      // for 100k rows); the cached blocks are all the rounds need. The price: a lost executor's blocks
      // cannot be recomputed, so such a loss fails the run (a failed task is still retried).
      blocks.rdd().localCheckpoint();
    }
    String run = UUID.randomUUID().toString();
    int threads = sc.getConf().getInt("spark.task.cpus", 1);
    try {
      List<Integer> partitionRows = blocks.map(b -> b.rows).collect();
      clock.lap("encoding and caching the partitions");
      TrainingLog log = new TrainingLog();
      Snapshot trained = trainEpochs(sc, blocks, partitionRows, setup, run, threads, log);
      Broadcast<Snapshot> finalState = sc.broadcast(trained);
      clock.lap("training rounds");
      DeadUnitReport report = blocks.mapPartitions(new ActivityTask(setup, finalState, threads))
          .treeReduce(UnitActivity::plus).report();
      MlpEngine engine = setup.newEngine();
      engine.restore(trained);
      result.useTrainedModel(TrainedModel.of(initial.encoder(), engine, log, report));
      clock.lap("dead units");
      finalState.destroy();
      return result;
    } finally {
      forgetReplicas(sc, run, blocks.getNumPartitions());
      blocks.unpersist(false);
      encoder.destroy();
    }
  }

  private Snapshot trainEpochs(JavaSparkContext sc, JavaRDD<EncodedBlock> blocks, List<Integer> partitionRows,
      ModelSetup setup, String run, int threads, TrainingLog log) throws WekaException {
    int mostBatches = 0;
    long total = 0;
    for (int n : partitionRows) {
      mostBatches = Math.max(mostBatches, Replica.batchCount(n, setup.settings.batchSize, setup.spec.usesBatchNorm()));
      total += n;
    }
    if (total == 0) {
      throw new WekaException("BatchNormMLP: no training instances with a known class value");
    }
    int rounds = (mostBatches + localSteps - 1) / localSteps;
    TrainingState state = initialState(setup);
    for (int epoch = 1; epoch <= options.getNumEpochs(); epoch++) {
      double loss = 0;
      long seen = 0;
      for (int round = 0; round < rounds; round++) {
        Broadcast<TrainingState> start = sc.broadcast(state);
        PartialSum sum = blocks.mapPartitionsWithIndex(
            new RoundTask(run, setup, start, epoch, round, localSteps, threads, fault), false)
            .treeAggregate(PartialSum.empty(), PartialSum::plus, PartialSum::plus);
        state = sum.average(state);
        loss += sum.lossTimesRows();
        seen += sum.rows();
        start.destroy();
      }
      double meanLoss = loss / seen;
      if (!Double.isFinite(meanLoss)) {
        throw new WekaException("BatchNormMLP: training loss became " + meanLoss + " at epoch " + epoch
            + "; lower -lr (now " + setup.settings.learningRate + ") or use batch normalization");
      }
      log.addEpoch(meanLoss);
      if (options.getDebug()) {
        System.err.println("BatchNormMLP on Spark: epoch " + epoch + "/" + options.getNumEpochs() + ", loss "
            + Utils.doubleToString(meanLoss, 5));
      }
    }
    return new Snapshot(state.parameters, state.statistics);
  }

  /**
   * Frees the replicas on the executors, as far as tasks reach them (any left over are freed when the
   * executor's next training run starts, see {@link ReplicaCache}).
   */
  private static void forgetReplicas(JavaSparkContext sc, String run, int partitions) {
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      slots.add(i);
    }
    sc.parallelize(slots, partitions).foreach(i -> ReplicaCache.forget(run));
    ReplicaCache.forget(run);
  }

  /** The seed's initial network with fresh optimizer moments, as every replica's first round starts. */
  private static TrainingState initialState(ModelSetup setup) {
    MlpEngine engine = setup.newEngine();
    engine.startTraining(new float[setup.spec.inputs], new float[1], new float[] {1f}, 1);
    return engine.trainingState();
  }

  /** Whether the rows come from a collection on the driver (parallelize), anywhere in their lineage. */
  static boolean fromDriverCollection(RDD<?> rdd) {
    if (rdd.getClass().getSimpleName().equals("ParallelCollectionRDD")) {
      return true;
    }
    scala.collection.Iterator<Dependency<?>> parents = rdd.dependencies().iterator();
    while (parents.hasNext()) {
      if (fromDriverCollection(parents.next().rdd())) {
        return true;
      }
    }
    return false;
  }

  /** The rows the driver fits the encoding on and checks: all of them, or a sample when there are many. */
  private Instances encoderRows(JavaRDD<Instance> rows, Instances header) {
    long count = rows.count();
    List<Instance> chosen = count <= encoderSampleRows ? rows.collect()
        : rows.takeSample(false, encoderSampleRows, options.getSeed());
    Instances data = new Instances(header, chosen.size());
    for (Instance row : new ArrayList<>(chosen)) {
      data.add(row);
    }
    return data;
  }

  private void checkSupported() throws WekaException {
    if (options.getValidationPercent() > 0) {
      throw new WekaException("BatchNormMLP on Spark: -validation-percent (early stopping) is not supported;"
          + " train a fixed number of -epochs");
    }
    if (options.getDiagnostics()) {
      throw new WekaException("BatchNormMLP on Spark: -diagnostics (per-epoch diagnostics) is not supported;"
          + " the dead-unit table on the training data is always made");
    }
  }
}
