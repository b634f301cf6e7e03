package weka.classifiers.functions.bnmlp.backend;

/** The backend to start and why; shown in the model output. */
public final class BackendDecision {

  /** The two ND4J backends the package can run on. */
  public enum Backend {
    CPU, CUDA
  }

  public final Backend backend;
  public final String reason;

  BackendDecision(Backend backend, String reason) {
    this.backend = backend;
    this.reason = reason;
  }

  @Override
  public String toString() {
    return backend + " (" + reason + ")";
  }
}
