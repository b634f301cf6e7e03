package weka.classifiers.functions.bnmlp.diagnostics;

import java.lang.ref.WeakReference;

/**
 * The classifier that most recently made batch predictions on this thread. Weka's evaluation hands
 * an output plugin only the predicted distributions when the classifier predicts in batches; the
 * dead-unit output uses this to find the network that made them.
 */
public final class RecentPredictor {

  private static final ThreadLocal<WeakReference<Object>> LAST = new ThreadLocal<>();

  private RecentPredictor() {
  }

  public static void remember(Object classifier) {
    LAST.set(new WeakReference<>(classifier));
  }

  /** The classifier, or null if none predicted on this thread (or it has been collected). */
  public static Object get() {
    WeakReference<Object> ref = LAST.get();
    return ref == null ? null : ref.get();
  }
}
