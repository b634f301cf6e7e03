package weka.classifiers.functions.bnmlp.options;

/** The gradient-descent update rule. */
public enum OptimizerKind implements Choice {
  ADAM("Adam (beta1 0.9, beta2 0.999)"),
  SGD("SGD with Nesterov momentum");

  private final String label;

  OptimizerKind(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }
}
