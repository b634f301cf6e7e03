package weka.classifiers.functions.bnmlp.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A hidden layer's activations and scratch space for one batch size, allocated once and reused by
 * every step: {@code z} (the linear step's output), {@code act} (the activation's output) and
 * {@code bnOut} (BN's output). Training's buffers are allocated on first use: prediction never needs
 * them, and kernels that recompute what they need never ask for some of them.
 */
public final class LayerBuffers {

  public final INDArray z;
  public final INDArray act;
  public final INDArray bnOut;
  private final int rows;
  private final int in;
  private final int out;
  private final boolean batchNorm;
  private final DataType dataType;
  private INDArray xhat;
  private INDArray delta1;
  private INDArray delta2;
  private INDArray scratch;
  private INDArray inputGradient;
  private INDArray workspace;

  public LayerBuffers(int rows, int in, int out, boolean batchNorm, DataType dataType) {
    this.rows = rows;
    this.in = in;
    this.out = out;
    this.batchNorm = batchNorm;
    this.dataType = dataType;
    z = matrix(rows, out);
    act = matrix(rows, out);
    bnOut = batchNorm ? matrix(rows, out) : null;
  }

  /** BN's normalized input, {@code (x - mean) / std}. */
  INDArray xhat() {
    if (xhat == null && batchNorm) {
      xhat = matrix(rows, out);
    }
    return xhat;
  }

  /** The gradient at {@code z}, which the backward steps leave here. */
  public INDArray delta1() {
    if (delta1 == null) {
      delta1 = matrix(rows, out);
    }
    return delta1;
  }

  /** A second gradient (between BN and the activation). */
  INDArray delta2() {
    if (delta2 == null && batchNorm) {
      delta2 = matrix(rows, out);
    }
    return delta2;
  }

  INDArray scratch() {
    if (scratch == null && batchNorm) {
      scratch = matrix(rows, out);
    }
    return scratch;
  }

  /** The gradient at the layer's input: the first layer never needs it, and prediction never does. */
  public INDArray inputGradient() {
    if (inputGradient == null) {
      inputGradient = matrix(rows, in);
    }
    return inputGradient;
  }

  /**
   * {@code floats} values that a forward step's kernel keeps for its backward step (a library's
   * record of which values its activation passed), allocated on first use.
   */
  public INDArray workspace(long floats) {
    if (workspace == null || workspace.length() != floats) {
      workspace = Nd4j.create(dataType, floats);
    }
    return workspace;
  }

  private INDArray matrix(int r, int c) {
    return Nd4j.create(dataType, new long[] {r, c}, 'c');
  }
}
