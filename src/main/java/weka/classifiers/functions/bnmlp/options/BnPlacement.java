package weka.classifiers.functions.bnmlp.options;

/** Where batch normalization sits in a hidden layer, relative to its activation. */
public enum BnPlacement implements Choice {
  NONE("none: Linear -> activation"),
  BEFORE("before: Linear -> BN -> activation"),
  AFTER("after: Linear -> activation -> BN");

  private final String label;

  BnPlacement(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }
}
