package weka.classifiers.functions.bnmlp.options;

/** Where batch normalization sits in a hidden layer, relative to its activation. */
public enum BnPlacement implements Choice {
  NONE("none", "none: Linear -> activation"),
  BEFORE("before", "before: Linear -> BN -> activation"),
  AFTER("after", "after: Linear -> activation -> BN");

  private final String optionValue;
  private final String label;

  BnPlacement(String optionValue, String label) {
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
