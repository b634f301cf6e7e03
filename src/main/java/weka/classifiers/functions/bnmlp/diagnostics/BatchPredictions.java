package weka.classifiers.functions.bnmlp.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * Batch predictions announced to the listeners of the thread that made them. Weka's evaluation
 * hands an output plugin only the predicted distributions when a classifier predicts in batches;
 * the dead-unit output listens here while it prints, to learn which network made a batch. A thread
 * with no listener pays one thread-local read per batch.
 */
public final class BatchPredictions {

  /** Told of every batch a classifier predicts on the listening thread. */
  public interface Listener {
    /**
     * @param classifier the classifier that predicted
     * @param distributions the arrays it returns to its caller, one per instance, in order
     */
    void predicted(Object classifier, double[][] distributions);
  }

  private static final ThreadLocal<List<Listener>> LISTENERS = new ThreadLocal<>();

  private BatchPredictions() {
  }

  /** Starts telling {@code listener} of the batches predicted on this thread. */
  public static void listen(Listener listener) {
    List<Listener> listeners = LISTENERS.get();
    if (listeners == null) {
      listeners = new ArrayList<>(1);
      LISTENERS.set(listeners);
    }
    listeners.add(listener);
  }

  /** Stops telling {@code listener}; the thread keeps nothing once its last listener is gone. */
  public static void stopListening(Listener listener) {
    List<Listener> listeners = LISTENERS.get();
    if (listeners != null) {
      listeners.remove(listener);
      if (listeners.isEmpty()) {
        LISTENERS.remove();
      }
    }
  }

  /** Called by a classifier just before it returns a batch of predictions. */
  public static void announce(Object classifier, double[][] distributions) {
    List<Listener> listeners = LISTENERS.get();
    if (listeners != null) {
      for (Listener listener : new ArrayList<>(listeners)) {
        listener.predicted(classifier, distributions);
      }
    }
  }
}
