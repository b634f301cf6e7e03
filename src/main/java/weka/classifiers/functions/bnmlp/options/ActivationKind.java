package weka.classifiers.functions.bnmlp.options;

/** The hidden-layer activation. */
public enum ActivationKind implements Choice {
  RELU("ReLU: max(0, x)"),
  LEAKY_RELU("LeakyReLU: x > 0 ? x : alpha * x");

  private final String label;

  ActivationKind(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }
}
