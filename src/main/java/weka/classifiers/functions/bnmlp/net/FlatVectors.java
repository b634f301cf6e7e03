package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The network's three flat vectors: parameters, gradients (same layout) and BN running statistics.
 * Layers see them through views, so the optimizer updates everything in one native call.
 */
public final class FlatVectors {

  public final INDArray params;
  public final INDArray grads;
  public final INDArray stats;

  FlatVectors(ParameterLayout layout, DataType dataType) {
    params = Nd4j.create(dataType, layout.size());
    grads = Nd4j.create(dataType, layout.size());
    stats = Nd4j.create(dataType, Math.max(1, layout.statsSize()));
  }

  INDArray vector(INDArray flat, long offset, int length) {
    return flat.get(NDArrayIndex.interval(offset, offset + length));
  }

  /** A column-major view, the layout ND4J's gemm writes into without a copy. */
  INDArray matrix(INDArray flat, long offset, int rows, int columns) {
    return vector(flat, offset, rows * columns).reshape('f', rows, columns);
  }

  /** All weight matrices, in one contiguous range (see {@link ParameterLayout}). */
  public INDArray allWeights(INDArray flat, ParameterLayout layout) {
    return flat.get(NDArrayIndex.interval(0, layout.weightCount()));
  }
}
