package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A data set on the ND4J side: inputs, targets (one-hot rows for classes, one column for a number)
 * and instance weights (a column), each copied from Java arrays once per training run.
 */
public final class DenseData {

  public final INDArray inputs;
  public final INDArray targets;
  public final INDArray weights;
  public final int rows;

  public DenseData(NetworkSpec spec, DataType dataType, float[] x, float[] target, float[] weight, int rows) {
    this.rows = rows;
    inputs = matrix(x, rows, spec.inputs, dataType);
    float[] t;
    if (spec.loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY) {
      t = new float[rows * spec.outputs];
      for (int i = 0; i < rows; i++) {
        t[i * spec.outputs + (int) target[i]] = 1f;
      }
    } else {
      t = target;
    }
    targets = matrix(t, rows, spec.outputs, dataType);
    weights = matrix(weight, rows, 1, dataType);
  }

  /**
   * A row-major matrix that owns its buffer. (A reshaped view would make every minibatch row-pull
   * copy the whole data set first: milliseconds per step.)
   */
  public static INDArray matrix(float[] values, int rows, int columns, DataType dataType) {
    INDArray m = Nd4j.create(values, new long[] {rows, columns}, 'c');
    return m.dataType() == dataType ? m : m.castTo(dataType);
  }

  /** Rescales instance weights to mean 1, so the loss scale does not depend on Weka's weights. */
  public static float[] normalizedWeights(float[] weight, int rows) {
    double sum = 0;
    for (int i = 0; i < rows; i++) {
      sum += weight[i];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("instance weights sum to " + sum + "; at least one must be positive");
    }
    float[] scaled = new float[rows];
    float factor = (float) (rows / sum);
    for (int i = 0; i < rows; i++) {
      scaled[i] = weight[i] * factor;
    }
    return scaled;
  }
}
