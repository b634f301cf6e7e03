package weka.classifiers.functions.bnmlp.net;

import java.io.Serializable;
import java.util.Arrays;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;

/** The architecture of a network: everything needed to rebuild it from its parameters. */
public final class NetworkSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How the output layer turns logits into a loss. */
  public enum Loss {
    /** Softmax and cross-entropy; one output per class. */
    SOFTMAX_CROSS_ENTROPY,
    /** Linear output and half the squared error; one output. */
    SQUARED_ERROR
  }

  public final int inputs;
  public final int[] hidden;
  public final int outputs;
  public final Loss loss;
  public final BnPlacement bn;
  public final ActivationKind activation;
  public final double alpha;
  public final InitScheme init;
  /** Weight of the newest batch in the running BN statistics (PyTorch's convention). */
  public final double bnMomentum;
  public final double bnEpsilon;

  public NetworkSpec(int inputs, int[] hidden, int outputs, Loss loss, BnPlacement bn,
      ActivationKind activation, double alpha, InitScheme init, double bnMomentum, double bnEpsilon) {
    this.inputs = inputs;
    this.hidden = hidden.clone();
    this.outputs = outputs;
    this.loss = loss;
    this.bn = bn;
    this.activation = activation;
    this.alpha = activation == ActivationKind.RELU ? 0.0 : alpha;
    this.init = init;
    this.bnMomentum = bnMomentum;
    this.bnEpsilon = bnEpsilon;
  }

  /** The same architecture for another input width and output layer. */
  public NetworkSpec resized(int newInputs, int newOutputs, Loss newLoss) {
    return new NetworkSpec(newInputs, hidden, newOutputs, newLoss, bn, activation, alpha, init, bnMomentum,
        bnEpsilon);
  }

  public int layerCount() {
    return hidden.length;
  }

  /** Units feeding hidden layer {@code l} (0-based). */
  public int fanIn(int l) {
    return l == 0 ? inputs : hidden[l - 1];
  }

  public boolean usesBatchNorm() {
    return bn != BnPlacement.NONE;
  }

  /** The hidden sizes as -hidden takes them, runs shortened: e.g. "256,64x50". */
  public String describeHidden() {
    return describeHidden(hidden);
  }

  /** Layer sizes in the -hidden syntax, runs of three or more written SIZExCOUNT. */
  public static String describeHidden(int[] hidden) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hidden.length;) {
      int j = i;
      while (j < hidden.length && hidden[j] == hidden[i]) {
        j++;
      }
      sb.append(sb.length() > 0 ? "," : "").append(hidden[i]);
      if (j - i > 2) {
        sb.append('x').append(j - i);
      } else if (j - i == 2) {
        sb.append(',').append(hidden[i]);
      }
      i = j;
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return inputs + " -> " + Arrays.toString(hidden) + " -> " + outputs + ", bn " + bn.optionValue()
        + ", " + activation.optionValue() + (activation == ActivationKind.LEAKY_RELU ? " (alpha " + alpha + ")" : "");
  }
}
