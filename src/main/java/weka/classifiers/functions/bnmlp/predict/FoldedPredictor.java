package weka.classifiers.functions.bnmlp.predict;

import java.util.function.IntSupplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import weka.classifiers.functions.bnmlp.cpu.CpuKernels;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * The CPU kernels' prediction: the network folded ({@link FoldedNetwork}, once per set of
 * parameters), large requests split by chunks over the threads ({@link ParallelPredictor}), others
 * chunk after chunk on the calling thread, each chunk split over the kernels' threads if large.
 */
public final class FoldedPredictor extends LayerByLayerPredictor {

  private final CpuKernels kernels;
  private final IntSupplier threads;
  /** Null whenever the parameters may have changed. */
  private FoldedNetwork folded;
  private FoldedNetwork.Runner runner;
  private ParallelPredictor parallel;

  public FoldedPredictor(Network network, CpuKernels kernels, IntSupplier threads, int chunkRows) {
    super(network, chunkRows);
    this.kernels = kernels;
    this.threads = threads;
  }

  @Override
  public void parametersChanged() {
    folded = null;
  }

  @Override
  public void predict(int rows, RowSource source, RowSink sink) {
    if (folded == null) {
      folded = FoldedNetwork.of(network);
    }
    ParallelPredictor parallel = parallelPredictor(rows);
    if (parallel != null) {
      parallel.predict(folded, rows, source, chunkRows, sink);
    } else {
      super.predict(rows, source, sink);
    }
  }

  @Override
  void predictChunk(INDArray in, INDArray out) {
    if (runner == null) {
      runner = new FoldedNetwork.Runner(kernels);
    }
    runner.predict(folded, in, out);
  }

  /**
   * The parallel predictor when more than one thread and chunk can work, else null (the chunks then
   * run one after the other, each split over the threads if large).
   */
  private ParallelPredictor parallelPredictor(int rows) {
    int n = threads.getAsInt();
    if (n < 2 || rows <= chunkRows) {
      return null;
    }
    if (parallel == null || parallel.threads() != n) {
      parallel = new ParallelPredictor(n, kernels);
    }
    return parallel;
  }
}
