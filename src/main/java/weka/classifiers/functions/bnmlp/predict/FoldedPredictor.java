package weka.classifiers.functions.bnmlp.predict;

import java.util.function.IntSupplier;

import weka.classifiers.functions.bnmlp.cpu.CpuKernels;
import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * The CPU kernels' prediction: the network folded ({@link FoldedNetwork}, once per set of
 * parameters) and run chunk by chunk through a {@link ChunkPipeline} that keeps its buffers between
 * calls. A request of more than one chunk on several threads gives each thread whole chunks; a
 * request of one chunk (or on one thread) runs on the calling thread, each step split over the
 * kernels' threads if large.
 */
public final class FoldedPredictor implements Predictor {

  private final Network network;
  private final CpuKernels kernels;
  private final IntSupplier threads;
  private final int chunkRows;
  /** Null whenever the parameters may have changed. */
  private FoldedNetwork folded;
  private ChunkPipeline onCaller;
  private ChunkPipeline parallel;

  public FoldedPredictor(Network network, CpuKernels kernels, IntSupplier threads, int chunkRows) {
    this.network = network;
    this.kernels = kernels;
    this.threads = threads;
    this.chunkRows = chunkRows;
  }

  @Override
  public void parametersChanged() {
    folded = null;
  }

  @Override
  public void predict(int rows, RowSource source, RowSink sink) {
    pipeline(rows).predict(folded(), rows, source, chunkRows, sink);
  }

  /** Counted in the prediction's own pass, on its threads. */
  @Override
  public UnitActivity activity(int rows, RowSource source) {
    return pipeline(rows).activity(folded(), rows, source, chunkRows);
  }

  private FoldedNetwork folded() {
    if (folded == null) {
      folded = FoldedNetwork.of(network);
    }
    return folded;
  }

  private ChunkPipeline pipeline(int rows) {
    int n = threads.getAsInt();
    if (n < 2 || rows <= chunkRows) {
      if (onCaller == null) {
        onCaller = ChunkPipeline.onCallingThread(kernels, network.spec.inputs, network.spec.outputs);
      }
      return onCaller;
    }
    if (parallel == null || parallel.threads() != n) {
      parallel = ChunkPipeline.overThreads(n, kernels, network.spec.inputs, network.spec.outputs);
    }
    return parallel;
  }
}
