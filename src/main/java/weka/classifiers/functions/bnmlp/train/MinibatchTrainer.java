package weka.classifiers.functions.bnmlp.train;

import java.util.Random;
import java.util.concurrent.CancellationException;

import weka.classifiers.functions.bnmlp.net.BufferCache;
import weka.classifiers.functions.bnmlp.net.DenseData;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * Runs epochs of minibatch gradient descent over a data set held on the ND4J side: each epoch
 * shuffles the row order in Java, then gathers every minibatch into buffers allocated once, two per
 * batch size: while a step trains on one, the next batch is gathered into the other, on a thread the
 * step leaves idle where it has one ({@link BatchAhead}).
 */
public final class MinibatchTrainer {

  private final Network network;
  private final Optimizer optimizer;
  private final DenseData data;
  private Random random;
  private final int[] order;
  private final int[][] batchRows;
  /** Buffers of the even and of the odd steps of a pass. */
  private final BufferCache<BatchAhead.Minibatch> evenBatches;
  private final BufferCache<BatchAhead.Minibatch> oddBatches;
  private final BatchAhead ahead;
  private double[] gradientNorms;
  /** Loss of the very first minibatch, before any update; NaN until it ran. */
  private double startingLoss = Double.NaN;
  private boolean recordGradientNorms;

  public MinibatchTrainer(Network network, TrainingSettings settings, DenseData data, Random random) {
    this.network = network;
    this.optimizer = new Optimizer(network, settings);
    this.data = data;
    this.random = random;
    order = new int[data.rows];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    batchRows = splitIntoBatches(data.rows, settings.batchSize, network.spec.usesBatchNorm());
    evenBatches = new BufferCache<>(rows -> new BatchAhead.Minibatch(data, rows));
    oddBatches = new BufferCache<>(rows -> new BatchAhead.Minibatch(data, rows));
    ahead = new BatchAhead(data, network.spec.layerCount(), optimizer.duringBackward());
  }

  /**
   * Batch sizes covering {@code rows}. With BN a last batch of one row would normalize to zero, so
   * it joins a full batch instead. The batch of another size (if any) comes first: its buffers are
   * then made in the very first step, while the code is still interpreted. Made at the end of the
   * first epoch, they were cache misses the compiled kernels had never seen, and undid the JIT's
   * work just when training had warmed up.
   */
  public static int[][] splitIntoBatches(int rows, int batchSize, boolean batchNorm) {
    int full = rows / batchSize;
    int rest = rows % batchSize;
    boolean merge = batchNorm && rest == 1 && full > 0;
    int odd = merge ? batchSize + 1 : rest;
    int fullOnes = merge ? full - 1 : full;
    int count = fullOnes + (odd > 0 ? 1 : 0);
    int[][] result = new int[count][];
    for (int b = 0; b < count; b++) {
      result[b] = new int[b == 0 && odd > 0 ? odd : batchSize];
    }
    return result;
  }

  /** One pass over the data; returns the mean weighted training loss. */
  public double epoch() {
    shuffle();
    int at = 0;
    for (int[] rows : batchRows) {
      System.arraycopy(order, at, rows, 0, rows.length);
      at += rows.length;
    }
    return pass(batchRows, recordGradientNorms) / data.rows;
  }

  /**
   * One optimizer step per batch of row indices, in order, without shuffling (the caller chose the
   * rows, e.g. a data-parallel trainer's share of an epoch); returns the summed loss times rows.
   */
  public double steps(int[][] rowBatches) {
    return pass(rowBatches, false);
  }

  /**
   * One step per batch, in order, each batch gathered during the step before it; the gradient norms
   * kept in the last step if {@code keepLastGradientNorms}. Returns the summed loss times rows.
   */
  private double pass(int[][] rowBatches, boolean keepLastGradientNorms) {
    double total = 0;
    if (rowBatches.length == 0) {
      return total;
    }
    BatchAhead.Minibatch batch = batchFor(0, rowBatches);
    batch.gather(network.kernels, data, rowBatches[0]);
    for (int b = 0; b < rowBatches.length; b++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("training interrupted");
      }
      boolean last = b == rowBatches.length - 1;
      BatchAhead.Minibatch next = last ? null : batchFor(b + 1, rowBatches);
      ahead.prepare(last ? null : rowBatches[b + 1], next);
      total += step(batch, rowBatches[b].length, last && keepLastGradientNorms);
      ahead.finish(network.kernels);
      batch = next;
    }
    return total;
  }

  private BatchAhead.Minibatch batchFor(int index, int[][] rowBatches) {
    return (index % 2 == 0 ? evenBatches : oddBatches).forRows(rowBatches[index].length);
  }

  /** One minibatch, gathered: forward and backward, update; returns the loss times rows. */
  private double step(BatchAhead.Minibatch batch, int rows, boolean keepGradientNorms) {
    // with the gradient norms kept, nothing is updated (nor the L2 term added) before they are read
    double loss = network.lossAndGradient(batch.inputs, batch.targets, batch.weights,
        keepGradientNorms ? null : ahead);
    if (Double.isNaN(startingLoss)) {
      startingLoss = loss; // the first minibatch's, before any update
    }
    if (keepGradientNorms) {
      gradientNorms = network.weightGradientNorms(); // before the updater turns gradients into steps
    }
    optimizer.apply();
    return loss * rows;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Diagnostics: keep the per-layer weight-gradient norms of each epoch's last minibatch. */
  public void recordGradientNorms(boolean record) {
    recordGradientNorms = record;
  }

  /** Norms recorded in the last epoch, or null. */
  public double[] lastGradientNorms() {
    return gradientNorms;
  }

  /** How many batches were gathered on a thread the step left idle (see {@link BatchAhead}). */
  long batchesGatheredAlongside() {
    return ahead.gatheredAlongside();
  }

  int steps() {
    return optimizer.steps();
  }

  public double startingLoss() {
    return startingLoss;
  }

  /** Everything besides the parameters that the next epoch depends on. */
  public TrainerState state() {
    double[][] moments = optimizer.moments();
    return new TrainerState(TrainerState.floats(moments[0]), TrainerState.floats(moments[1]), optimizer.steps(), random, order,
        startingLoss);
  }

  /** Continues from {@code state}, saved by a trainer over the same rows. */
  public void restore(TrainerState state) {
    if (state.order.length != order.length) {
      throw new IllegalArgumentException("the saved training state is of " + state.order.length
          + " training rows, these data have " + order.length);
    }
    optimizer.restore(TrainerState.doubles(state.first), TrainerState.doubles(state.second), state.steps);
    random = TrainerState.copy(state.shuffle);
    System.arraycopy(state.order, 0, order, 0, order.length);
    startingLoss = state.startingLoss;
  }

  private void shuffle() {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
