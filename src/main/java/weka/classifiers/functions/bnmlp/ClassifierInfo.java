package weka.classifiers.functions.bnmlp;

import weka.core.Capabilities;
import weka.core.Capabilities.Capability;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformation.Field;
import weka.core.TechnicalInformation.Type;

/** What the Explorer's "More" button and the class's help say about the classifier, and the paper it rests on. */
public final class ClassifierInfo {

  /** The description shown by Weka's object editor. */
  public static final String GLOBAL_INFO = "A multilayer perceptron whose hidden layers use ReLU or LeakyReLU, with batch normalization "
        + "(BN) placed before the activation, after it, or not at all, computed on ND4J (CPU, or CUDA "
        + "where installed).\n\n"
        + "BN standardizes each unit over the minibatch, then scales and shifts it by a learned gamma "
        + "and beta; at prediction time it uses running averages of the batch statistics. Placed "
        + "before the activation it centres the activation's input, so a ReLU is active for part of "
        + "every batch; placed after, it standardizes the ReLU's output instead.\n\n"
        + "A hidden unit is dead on a data set when its ReLU input is <= 0 for every instance: its "
        + "output is then 0 everywhere and it receives no gradient. The model output lists dead units "
        + "per layer on the training data; the evaluation output "
        + "weka.classifiers.evaluation.output.prediction.DeadUnits lists them on the evaluated data. "
        + "For LeakyReLU the same count is of all-negative units, which still pass alpha times their "
        + "input.\n\n"
        + "Nominal attributes are one-hot encoded, missing values replaced by means/modes, inputs "
        + "standardized (Weka's filters). Nominal class: softmax cross-entropy; numeric class: linear "
        + "output and squared error on the standardized target. Instance weights weight the loss.";

  private ClassifierInfo() {
  }

  /**
   * What the classifier takes: numeric, nominal and date attributes with missing values; a nominal,
   * numeric or date class (instances with a missing class are left out of training).
   */
  public static Capabilities capabilities(Capabilities result) {
    result.disableAll();
    result.enable(Capability.NOMINAL_ATTRIBUTES);
    result.enable(Capability.NUMERIC_ATTRIBUTES);
    result.enable(Capability.DATE_ATTRIBUTES);
    result.enable(Capability.MISSING_VALUES);
    result.enable(Capability.NOMINAL_CLASS);
    result.enable(Capability.NUMERIC_CLASS);
    result.enable(Capability.DATE_CLASS);
    result.enable(Capability.MISSING_CLASS_VALUES);
    result.setMinimumNumberInstances(0);
    return result;
  }

  /** Ioffe and Szegedy's batch normalization paper. */
  public static TechnicalInformation batchNormalizationPaper() {
    TechnicalInformation result = new TechnicalInformation(Type.INPROCEEDINGS);
    result.setValue(Field.AUTHOR, "Sergey Ioffe and Christian Szegedy");
    result.setValue(Field.TITLE,
        "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift");
    result.setValue(Field.BOOKTITLE, "Proceedings of the 32nd International Conference on Machine Learning");
    result.setValue(Field.YEAR, "2015");
    result.setValue(Field.PAGES, "448-456");
    result.setValue(Field.PUBLISHER, "PMLR");
    return result;
  }
}
