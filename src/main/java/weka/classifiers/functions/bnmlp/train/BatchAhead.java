package weka.classifiers.functions.bnmlp.train;

import java.util.concurrent.atomic.AtomicBoolean;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import weka.classifiers.functions.bnmlp.kernels.Kernels;
import weka.classifiers.functions.bnmlp.kernels.SharedWork;
import weka.classifiers.functions.bnmlp.net.DenseData;
import weka.classifiers.functions.bnmlp.net.LayerUpdates;

/**
 * The next minibatch's gather, handed along with the optimizer's updates to the backward pass: the
 * first thread BN's step leaves idle gathers it, while the caller's thread still works on this step.
 * The first work handed along in a step (the output layer's update, a few thousand values) leaves
 * that thread idle for most of BN's step; the gather is a fetch of scattered rows from memory, and
 * on the calling thread it stood between two steps with the other threads waiting. Where no thread
 * took it, {@link #finish} gathers on the caller. One step at a time.
 */
final class BatchAhead implements LayerUpdates, SharedWork {

  /** Three arrays of one minibatch, allocated once per batch size. */
  static final class Minibatch {
    final INDArray inputs;
    final INDArray targets;
    final INDArray weights;

    Minibatch(DenseData data, int rows) {
      inputs = Nd4j.create(data.inputs.dataType(), new long[] {rows, data.inputs.columns()}, 'c');
      targets = Nd4j.create(data.targets.dataType(), new long[] {rows, data.targets.columns()}, 'c');
      weights = Nd4j.create(data.weights.dataType(), new long[] {rows, 1}, 'c');
    }

    void gather(Kernels kernels, DenseData data, int[] rows) {
      kernels.gatherRows(data.inputs, rows, inputs);
      kernels.gatherRows(data.targets, rows, targets);
      kernels.gatherRows(data.weights, rows, weights);
    }
  }

  private final DenseData data;
  private final int outputLayer;
  private final LayerUpdates updates;
  private int[] rows;
  private Minibatch into;
  private final AtomicBoolean taken = new AtomicBoolean();
  private long gatheredAlongside;

  /** Hands the gather along with the optimizer's {@code updates}; the output layer is {@code outputLayer}. */
  BatchAhead(DenseData data, int outputLayer, LayerUpdates updates) {
    this.data = data;
    this.outputLayer = outputLayer;
    this.updates = updates;
  }

  /** Before a step: the next batch's {@code rows} to gather into {@code into} (rows null: no next batch). */
  void prepare(int[] nextRows, Minibatch nextBatch) {
    rows = nextRows;
    into = nextBatch;
    taken.set(nextRows == null);
  }

  @Override
  public SharedWork whenFinal(int layer) {
    return layer == outputLayer ? this : updates.whenFinal(layer);
  }

  @Override
  public void takePieces(Kernels kernels) {
    if (taken.compareAndSet(false, true)) {
      into.gather(kernels, data, rows);
      gatheredAlongside++;
    }
    updates.whenFinal(outputLayer).takePieces(kernels);
  }

  /** After the step: gathers the next batch on the caller's {@code kernels} if no thread took it. */
  void finish(Kernels kernels) {
    if (taken.compareAndSet(false, true)) {
      into.gather(kernels, data, rows);
    }
    rows = null;
    into = null;
  }

  /** How many batches a thread left idle by the backward pass has gathered so far. */
  long gatheredAlongside() {
    return gatheredAlongside;
  }
}
