package weka.classifiers.functions.bnmlp.predict;

/**
 * Receives predicted outputs a chunk of rows at a time, so that prediction threads hand over their
 * own rows (e.g. into Weka's distributions) instead of leaving that to one thread at the end. Must
 * allow calls from several threads at once for different rows.
 */
@FunctionalInterface
public interface RowSink {

  /**
   * Outputs of rows {@code [from, to)}, row-major from index 0 of {@code outputs}; the array is
   * reused after the call returns.
   */
  void rows(int from, int to, float[] outputs);
}
