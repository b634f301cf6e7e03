package weka.classifiers.functions.bnmlp.spark;

import java.util.Locale;

/** Wall-clock time of a training run's phases, for the benchmark and the command line's report. */
final class PhaseClock {

  private final StringBuilder laps = new StringBuilder();
  private long last = System.nanoTime();

  /** Ends the phase that ran since the previous lap (or since construction). */
  void lap(String phase) {
    long now = System.nanoTime();
    laps.append(laps.length() > 0 ? ", " : "").append(phase).append(' ')
        .append(String.format(Locale.ROOT, "%.2f s", (now - last) / 1e9));
    last = now;
  }

  @Override
  public String toString() {
    return laps.toString();
  }
}
