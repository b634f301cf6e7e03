package weka.classifiers.functions.bnmlp.predict;

/**
 * Input rows produced on demand, so that prediction threads can encode the rows they are about to
 * predict instead of waiting for the whole set to be encoded first. Must allow calls from several
 * threads at once for different rows.
 */
@FunctionalInterface
public interface RowSource {

  /** Writes rows {@code [from, to)}, row-major, into {@code into} from index 0. */
  void rows(int from, int to, float[] into);
}
