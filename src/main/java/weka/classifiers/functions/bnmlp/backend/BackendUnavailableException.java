package weka.classifiers.functions.bnmlp.backend;

/** The requested backend cannot run here; the message says why and what to do. */
public final class BackendUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }
}
