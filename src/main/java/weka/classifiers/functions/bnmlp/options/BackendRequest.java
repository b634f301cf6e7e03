package weka.classifiers.functions.bnmlp.options;

/** Which ND4J backend the user asks for. */
public enum BackendRequest implements Choice {
  AUTO("auto: CUDA when installed and the GPU is supported, else CPU"),
  CPU("cpu: ND4J's native CPU backend"),
  CUDA("cuda: ND4J's CUDA 11.6 backend (fails with the reason if unusable)");

  private final String label;

  BackendRequest(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }
}
