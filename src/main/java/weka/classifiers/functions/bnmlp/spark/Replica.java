package weka.classifiers.functions.bnmlp.spark;

import java.util.Arrays;
import java.util.Random;

import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.engine.TrainingState;

/**
 * One partition's copy of the network, with the partition's rows loaded into ND4J once. Keeps
 * nothing from round to round that matters: every round starts from the state the driver sends, and
 * which rows each step sees follows from the seed, the epoch and the partition alone, so a round run
 * again (a retried task, another executor) computes the same result.
 */
final class Replica {

  private final MlpEngine engine;
  private final int rows;
  private final long seed;
  private final int partition;
  private final int batchSize;
  private final boolean batchNorm;
  private int epochOfBatches = -1;
  private int[][] batches;

  Replica(ModelSetup setup, EncodedBlock block, int partition) {
    this.engine = setup.newEngine();
    this.rows = block.rows;
    this.seed = setup.seed;
    this.partition = partition;
    this.batchSize = setup.settings.batchSize;
    this.batchNorm = setup.spec.usesBatchNorm();
    engine.startTraining(block.inputs, block.targets, block.weights, block.rows);
  }

  /** Minibatches of this partition in an epoch: the rows, split as the single-machine trainer splits. */
  static int batchCount(int rows, int batchSize, boolean batchNorm) {
    return rows == 0 ? 0 : MlpEngine.batchShapes(rows, batchSize, batchNorm).length;
  }

  /**
   * Round {@code round} of {@code epoch}: from {@code start}, the next {@code localSteps} minibatches
   * of this partition's share of the epoch (none once they are used up).
   */
  synchronized PartialSum round(TrainingState start, int epoch, int round, int localSteps) {
    int[][] epochBatches = batchesOf(epoch);
    int from = Math.min(epochBatches.length, round * localSteps);
    int to = Math.min(epochBatches.length, from + localSteps);
    if (from == to) {
      return PartialSum.empty();
    }
    int[][] mine = Arrays.copyOfRange(epochBatches, from, to);
    long seen = 0;
    for (int[] b : mine) {
      seen += b.length;
    }
    engine.restoreTrainingState(start);
    double loss = engine.trainBatches(mine);
    return PartialSum.of(engine.trainingState(), to - from, loss, seen);
  }

  /** The epoch's row order, shuffled from (seed, epoch, partition), cut into minibatches. */
  private int[][] batchesOf(int epoch) {
    if (epoch != epochOfBatches) {
      int[] order = new int[rows];
      for (int i = 0; i < rows; i++) {
        order[i] = i;
      }
      Random random = new Random(mix(seed, epoch, partition));
      for (int i = rows - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      batches = MlpEngine.batchShapes(rows, batchSize, batchNorm);
      int at = 0;
      for (int[] b : batches) {
        System.arraycopy(order, at, b, 0, b.length);
        at += b.length;
      }
      epochOfBatches = epoch;
    }
    return batches;
  }

  private static long mix(long seed, int epoch, int partition) {
    long h = seed * 0x9E3779B97F4A7C15L + epoch;
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + partition;
    return h ^ (h >>> 29);
  }
}
