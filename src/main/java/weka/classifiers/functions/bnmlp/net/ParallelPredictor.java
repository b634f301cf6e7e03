package weka.classifiers.functions.bnmlp.net;

import java.util.concurrent.atomic.AtomicInteger;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prediction on several threads without a barrier inside a chunk: rows do not depend on each other
 * at prediction time, so each thread takes whole chunks of rows through all layers on its own copy
 * of the network (same parameters, own buffers, single-threaded kernels), taking the next chunk when
 * it is done, so a thread slowed down by the rest of the machine simply does fewer chunks. Every
 * chunk is computed the same way on any thread, so predictions do not depend on the thread count.
 */
final class ParallelPredictor {

  private final Network[] copies;

  ParallelPredictor(Network network, int threads) {
    copies = new Network[threads];
    for (int i = 0; i < threads; i++) {
      copies[i] = new Network(network, new CpuKernels(() -> 1));
    }
  }

  int threads() {
    return copies.length;
  }

  /**
   * Predictions for {@code rows} rows that each thread takes from {@code source} chunk by chunk,
   * encoding and predicting its own chunks: no thread waits for the whole set to be encoded.
   */
  void predict(int rows, RowSource source, int chunkRows, float[] result) {
    int inputs = copies[0].spec.inputs;
    int outputs = copies[0].spec.outputs;
    int chunks = (rows + chunkRows - 1) / chunkRows;
    org.nd4j.linalg.api.buffer.DataType type = copies[0].flat.params.dataType();
    AtomicInteger next = new AtomicInteger();
    try {
      Lanes.of(copies.length).run((part, parts) -> {
        Network network = copies[part];
        INDArray in = null;
        INDArray out = null;
        float[] values = null;
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
          int from = c * chunkRows;
          int n = Math.min(rows, from + chunkRows) - from;
          if (in == null || in.rows() != n) {
            in = Nd4j.create(type, new long[] {n, inputs}, 'c');
            out = Nd4j.create(type, new long[] {n, outputs}, 'c');
            values = new float[n * inputs];
          }
          source.rows(from, from + n, values);
          in.data().setData(values);
          network.predict(in, out);
          float[] p = out.data().asFloat();
          System.arraycopy(p, 0, result, from * outputs, p.length);
        }
      });
    } finally {
      for (Network copy : copies) {
        copy.kernels.release();
      }
    }
  }
}
