package weka.classifiers.functions.bnmlp.options;

/** The gradient-descent update rule. */
public enum OptimizerKind implements Choice {
  ADAM("adam", "Adam (beta1 0.9, beta2 0.999)"),
  SGD("sgd", "SGD with Nesterov momentum");

  private final String optionValue;
  private final String label;

  OptimizerKind(String optionValue, String label) {
    this.optionValue = optionValue;
    this.label = label;
  }

  @Override
  public String optionValue() {
    return optionValue;
  }

  @Override
  public String label() {
    return label;
  }
}
