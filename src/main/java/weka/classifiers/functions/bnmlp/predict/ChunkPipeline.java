package weka.classifiers.functions.bnmlp.predict;

import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import weka.classifiers.functions.bnmlp.cpu.CpuKernels;
import weka.classifiers.functions.bnmlp.runtime.Lanes;

/**
 * Prediction on several threads without a barrier inside a chunk: rows do not depend on each other
 * at prediction time, so each thread takes whole chunks of rows through all layers of the
 * {@link FoldedNetwork} (shared parameters, own buffers, single-threaded kernels), taking the next
 * chunk when it is done, so a thread slowed down by the rest of the machine simply does fewer chunks. Every
 * chunk is computed the same way on any thread, so predictions do not depend on the thread count.
 */
final class ParallelPredictor {

  private final FoldedNetwork.Runner[] runners;

  /** Over {@code threads} threads, each running single-threaded kernels like {@code kernels}. */
  ParallelPredictor(int threads, CpuKernels kernels) {
    runners = new FoldedNetwork.Runner[threads];
    for (int i = 0; i < threads; i++) {
      runners[i] = new FoldedNetwork.Runner(kernels.singleThreaded());
    }
  }

  int threads() {
    return runners.length;
  }

  /**
   * Predictions for {@code rows} rows that each thread takes from {@code source} chunk by chunk,
   * encoding, predicting and handing to {@code sink} its own chunks: no thread waits for the whole
   * set to be encoded, and no thread converts all the results at the end.
   */
  void predict(FoldedNetwork network, int rows, RowSource source, int chunkRows, RowSink sink) {
    int inputs = network.inputs;
    int outputs = network.outputs;
    int chunks = (rows + chunkRows - 1) / chunkRows;
    AtomicInteger next = new AtomicInteger();
    try {
      Lanes.of(runners.length).run((part, parts) -> {
        FoldedNetwork.Runner runner = runners[part];
        INDArray in = null;
        INDArray out = null;
        FloatPointer inMemory = null;
        FloatPointer outMemory = null;
        float[] values = null;
        float[] predictions = null;
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
          int from = c * chunkRows;
          int n = Math.min(rows, from + chunkRows) - from;
          if (in == null || in.rows() != n) {
            in = Nd4j.create(DataType.FLOAT, new long[] {n, inputs}, 'c');
            out = Nd4j.create(DataType.FLOAT, new long[] {n, outputs}, 'c');
            inMemory = new FloatPointer(in.data().addressPointer());
            outMemory = new FloatPointer(out.data().addressPointer());
            values = new float[n * inputs];
            predictions = new float[n * outputs];
          }
          source.rows(from, from + n, values);
          inMemory.put(values, 0, values.length); // one native copy each way
          runner.predict(network, in, out);
          outMemory.get(predictions, 0, predictions.length);
          sink.rows(from, from + n, predictions);
        }
      });
    } finally {
      for (FoldedNetwork.Runner runner : runners) {
        runner.release();
      }
    }
  }
}
