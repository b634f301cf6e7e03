package weka.classifiers.functions.bnmlp.net;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Buffers keyed by batch size, allocated on first use and then reused. Training sees one or two
 * sizes (full batches and the last one); prediction may bring others, so the cache is bounded.
 */
public final class BufferCache<T> {

  private static final int MAX_SIZES = 4;

  private final Map<Integer, T> bySize = new HashMap<>();
  private final IntFunction<T> factory;
  private int lastRows = -1;
  private T last;

  public BufferCache(IntFunction<T> factory) {
    this.factory = factory;
  }

  public T forRows(int rows) {
    if (rows == lastRows) {
      return last; // the common case, every step: no map lookup, no boxing
    }
    T buffers = bySize.get(rows);
    if (buffers == null) {
      if (bySize.size() >= MAX_SIZES) {
        bySize.clear(); // "last" is replaced below, so no cleared buffer is handed out again
      }
      buffers = factory.apply(rows);
      bySize.put(rows, buffers);
    }
    lastRows = rows;
    last = buffers;
    return buffers;
  }
}
