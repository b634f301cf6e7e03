package weka.classifiers.functions.bnmlp.diagnostics;

import java.lang.ref.WeakReference;

/**
 * The classifier that most recently made batch predictions on this thread, with the predictions it
 * returned. Weka's evaluation hands an output plugin only the predicted distributions when the
 * classifier predicts in batches; the dead-unit output uses this to find the network that made a
 * distribution, recognising the very array it returned (so a stale entry is never taken for
 * another classifier's predictions).
 */
public final class RecentPredictor {

  private static final ThreadLocal<Entry> LAST = new ThreadLocal<>();

  private RecentPredictor() {
  }

  public static void remember(Object classifier, double[][] predictions) {
    LAST.set(new Entry(classifier, predictions));
  }

  /** The classifier whose last batch held {@code distribution} at {@code index}, or null. */
  public static Object whoPredicted(double[] distribution, int index) {
    Entry entry = LAST.get();
    if (entry == null) {
      return null;
    }
    double[][] predictions = entry.predictions.get();
    if (predictions == null) {
      return null;
    }
    // a batch is matched at the evaluated index; one-instance predictions at their only row
    int row = predictions.length == 1 ? 0 : index;
    boolean same = row >= 0 && row < predictions.length && predictions[row] == distribution;
    return same ? entry.classifier.get() : null;
  }

  private static final class Entry {
    final WeakReference<Object> classifier;
    final WeakReference<double[][]> predictions;

    Entry(Object classifier, double[][] predictions) {
      this.classifier = new WeakReference<>(classifier);
      this.predictions = new WeakReference<>(predictions);
    }
  }
}
