package weka.classifiers.functions.bnmlp.predict;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;
import weka.classifiers.functions.bnmlp.net.DenseData;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * Prediction on the calling thread, through the network's layers (its kernels split each chunk over
 * their threads if large): rows from the source a block at a time (a few MB, however many rows), each
 * block predicted chunk after chunk.
 */
public class LayerByLayerPredictor implements Predictor {

  final Network network;
  final int chunkRows;
  private final DataType dataType;

  public LayerByLayerPredictor(Network network, int chunkRows) {
    this.network = network;
    this.chunkRows = chunkRows;
    this.dataType = network.flat.params.dataType();
  }

  @Override
  public void predict(int rows, RowSource source, RowSink sink) {
    inBlocks(rows, source, (from, x, n) -> sink.rows(from, from + n, inChunks(x, n)));
  }

  /** Counted after each chunk's forward pass through the network's layers. */
  @Override
  public UnitActivity activity(int rows, RowSource source) {
    ActivityCounter counter = new ActivityCounter(network);
    inBlocks(rows, source, (from, x, n) -> forEachChunk(x, n, (in, at, to) -> {
      network.forward(in, false);
      counter.addForwardPass(to - at);
    }));
    return counter.activity();
  }

  /** Rows {@code [from, from + n)} of the source, in {@code x}. */
  private interface Block {
    void run(int from, float[] x, int n);
  }

  /** The source's rows a block at a time (a few MB, however many rows). */
  private void inBlocks(int rows, RowSource source, Block work) {
    int block = 8 * chunkRows;
    float[] x = null;
    for (int from = 0; from < rows; from += block) {
      int n = Math.min(rows, from + block) - from;
      if (x == null || x.length != n * network.spec.inputs) {
        x = new float[n * network.spec.inputs];
      }
      source.rows(from, from + n, x);
      work.run(from, x, n);
    }
  }

  /** Predictions for the rows of {@code in} into {@code out}. */
  void predictChunk(INDArray in, INDArray out) {
    network.predict(in, out);
  }

  private float[] inChunks(float[] x, int rows) {
    int outputs = network.spec.outputs;
    float[] result = new float[rows * outputs];
    forEachChunk(x, rows, (in, from, to) -> {
      if (chunkOutputs == null || chunkOutputs.rows() != to - from) {
        chunkOutputs = Nd4j.create(dataType, new long[] {to - from, outputs}, 'c');
      }
      predictChunk(in, chunkOutputs);
      // one copy per chunk to the host array (from device memory on a GPU backend)
      float[] values = chunkOutputs.data().asFloat();
      System.arraycopy(values, 0, result, from * outputs, values.length);
    });
    return result;
  }

  /** The outputs of one chunk, kept while the chunk size stays the same. */
  private INDArray chunkOutputs;

  /** Rows {@code [from, to)} of a block, as a view {@code in}. */
  private interface Chunk {
    void run(INDArray in, int from, int to);
  }

  /** The rows of {@code x} a chunk at a time, in order. */
  private void forEachChunk(float[] x, int rows, Chunk work) {
    INDArray inputs = DenseData.matrix(x, rows, network.spec.inputs, dataType);
    for (int from = 0; from < rows; from += chunkRows) {
      int to = Math.min(rows, from + chunkRows);
      work.run(inputs.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), from, to);
    }
  }
}
