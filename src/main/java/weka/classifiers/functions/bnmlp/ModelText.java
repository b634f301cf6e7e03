package weka.classifiers.functions.bnmlp;

import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;

/**
 * The model output Weka prints: a divergence or warnings first, the network and how it was
 * trained, the training log, and the dead units per layer on the training data (with the
 * per-epoch trajectory when diagnostics were recorded).
 */
public final class ModelText {

  private ModelText() {
  }

  /**
   * @param trainingLine how the parameters were fitted, e.g. "adam, lr 0.001, L2 0.0, batch 32, ..."
   * @param epochsAsked the -epochs setting
   */
  public static String of(TrainedModel model, String trainingLine, int epochsAsked) {
    NetworkSpec spec = model.engine().spec();
    StringBuilder sb = new StringBuilder("BatchNormMLP\n============\n\n");
    if (model.log().diverged()) {
      sb.append("DIVERGED: ").append(model.log().divergence()).append("\n\n");
    }
    for (String warning : model.log().warnings()) {
      sb.append("Warning: ").append(warning).append("\n");
    }
    if (!model.log().warnings().isEmpty()) {
      sb.append('\n');
    }
    sb.append("Network:    ").append(spec.inputs).append(" inputs -> hidden ").append(spec.describeHidden())
        .append(" -> ").append(spec.outputs)
        .append(spec.loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY ? " outputs (softmax, cross-entropy)\n"
            : " output (linear, squared error on the standardized class)\n");
    sb.append("Hidden:     ").append(spec.bn.label())
        .append(spec.activation == ActivationKind.LEAKY_RELU ? ", alpha " + spec.alpha : "")
        .append(spec.bn != BnPlacement.NONE ? ", BN momentum " + spec.bnMomentum + ", epsilon " + spec.bnEpsilon : "")
        .append('\n');
    sb.append("Training:   ").append(trainingLine).append(", threads ").append(model.engine().threads()).append('\n');
    sb.append("Parameters: ").append(model.engine().parameterCount()).append('\n');
    sb.append("Backend:    ").append(Nd4jRuntime.describeBackend()).append("\n\n");
    sb.append("Epochs trained: ").append(model.log().epochs()).append(" of ").append(epochsAsked)
        .append(model.log().diverged() ? " (stopped: diverged at epoch " + model.log().divergedEpoch() + ")" : "")
        .append('\n');
    sb.append(model.log().summary()).append('\n');
    sb.append(model.trainingReport().toTable("training data"));
    if (model.trajectory() != null) {
      sb.append('\n').append(model.trajectory().toTable());
    }
    return sb.toString();
  }
}
