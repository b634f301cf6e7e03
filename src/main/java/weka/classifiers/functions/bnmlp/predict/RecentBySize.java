package weka.classifiers.functions.bnmlp.predict;

import java.util.function.IntFunction;

/**
 * Buffers for the two most recent chunk sizes: a prediction of N rows runs full chunks and then one
 * shorter chunk, call after call, so keeping one size only would make both anew on every call.
 */
final class RecentBySize<T> {

  private final IntFunction<T> make;
  private int rows = -1;
  private T value;
  private int otherRows = -1;
  private T other;

  RecentBySize(IntFunction<T> make) {
    this.make = make;
  }

  /** The buffers for {@code rows} rows, made if neither of the two kept fits. */
  T get(int rows) {
    if (rows != this.rows) {
      int keptRows = this.rows;
      T kept = value;
      if (rows == otherRows) {
        value = other;
      } else {
        value = make.apply(rows);
      }
      this.rows = rows;
      otherRows = keptRows;
      other = kept;
    }
    return value;
  }
}
