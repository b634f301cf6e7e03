package weka.classifiers.functions.bnmlp.options;

/** Weight initialisation: zero-mean normal with the scheme's standard deviation. */
public enum InitScheme implements Choice {
  XAVIER("Xavier/Glorot normal: std = sqrt(2 / (fanIn + fanOut))"),
  HE("He/Kaiming normal: std = sqrt(2 / fanIn)");

  private final String label;

  InitScheme(String label) {
    this.label = label;
  }

  /** Standard deviation of the initial weights of a layer with the given fan-in and fan-out. */
  public double standardDeviation(int fanIn, int fanOut) {
    return this == HE ? Math.sqrt(2.0 / fanIn) : Math.sqrt(2.0 / (fanIn + fanOut));
  }

  @Override
  public String label() {
    return label;
  }
}
