package weka.classifiers.functions.bnmlp.diagnostics;

import java.util.ArrayList;
import java.util.List;

/** Dead-unit reports of several evaluated data sets (cross-validation folds) and their summary. */
public final class FoldSummary {

  private final List<DeadUnitReport> reports = new ArrayList<>();

  public void add(DeadUnitReport report) {
    reports.add(report);
  }

  public List<DeadUnitReport> reports() {
    return reports;
  }

  /** Per layer: mean and range over the folds of the dead count, and the mean inactive fraction. */
  public String summaryTable() {
    if (reports.isEmpty()) {
      return "";
    }
    DeadUnitReport first = reports.get(0);
    String counted = first.isLeaky() ? "all-neg" : "dead";
    StringBuilder sb = new StringBuilder();
    sb.append("Summary over ").append(reports.size()).append(" folds (").append(counted)
        .append(" units per layer: mean and range over folds)\n");
    sb.append(String.format("%6s %8s %10s %10s %10s %15s%n", "layer", "units", counted + " mean", "min-max",
        counted + " %", first.isLeaky() ? "mean neg frac" : "mean zero frac"));
    for (int l = 0; l < first.layers().size(); l++) {
      double sum = 0;
      double fraction = 0;
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (DeadUnitReport r : reports) {
        int dead = r.layer(l).inactiveUnits();
        sum += dead;
        min = Math.min(min, dead);
        max = Math.max(max, dead);
        fraction += r.layer(l).inactiveFraction();
      }
      int units = first.layer(l).units();
      double mean = sum / reports.size();
      sb.append(String.format("%6d %8d %10.1f %10s %9.1f%% %15.3f%n", l + 1, units, mean, min + "-" + max,
          100 * mean / units, fraction / reports.size()));
    }
    return sb.toString();
  }
}
