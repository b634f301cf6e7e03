package weka.classifiers.functions.bnmlp.options;

/** The hidden-layer activation. */
public enum ActivationKind implements Choice {
  RELU("relu", "ReLU: max(0, x)"),
  LEAKY_RELU("leakyrelu", "LeakyReLU: x > 0 ? x : alpha * x");

  private final String optionValue;
  private final String label;

  ActivationKind(String optionValue, String label) {
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
