package weka.classifiers.functions.bnmlp.options;

/** Which ND4J backend the user asks for. */
public enum BackendRequest implements Choice {
  AUTO("auto", "auto: CUDA when installed and the GPU is supported, else CPU"),
  CPU("cpu", "cpu: ND4J's native CPU backend"),
  CUDA("cuda", "cuda: ND4J's CUDA 11.6 backend (fails with the reason if unusable)");

  private final String optionValue;
  private final String label;

  BackendRequest(String optionValue, String label) {
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
