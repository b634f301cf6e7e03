package weka.classifiers.functions.bnmlp.spark;

import java.io.Serializable;

/** One partition's rows as the network trains on them: row-major inputs, targets and instance weights. */
final class EncodedBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  final float[] inputs;
  final float[] targets;
  final float[] weights;
  final int rows;

  EncodedBlock(float[] inputs, float[] targets, float[] weights, int rows) {
    this.inputs = inputs;
    this.targets = targets;
    this.weights = weights;
    this.rows = rows;
  }
}
