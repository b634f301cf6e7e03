package weka.classifiers.functions.bnmlp.diagnostics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-epoch, per-layer diagnostics recorded with {@code -diagnostics}: dead units, activation
 * statistics, gradient norms and BN parameters; plus the state at initialisation ("born dead").
 */
public final class TrainingTrajectory implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final int SHOWN_EPOCHS = 12;
  /** Layers shown one column each in the per-epoch table; deeper nets are summarised. */
  private static final int MAX_LAYER_COLUMNS = 8;

  private final boolean leaky;
  private final int sampleRows;
  private LayerDiagnostics[] initial;
  private boolean collapsedAtInit;
  private final List<LayerDiagnostics[]> epochs = new ArrayList<>();

  public TrainingTrajectory(boolean leaky, int sampleRows) {
    this.leaky = leaky;
    this.sampleRows = sampleRows;
  }

  public void setInitial(LayerDiagnostics[] layers, boolean outputCollapsed) {
    initial = layers.clone();
    collapsedAtInit = outputCollapsed;
  }

  public void addEpoch(LayerDiagnostics[] layers) {
    epochs.add(layers.clone());
  }

  public int epochs() {
    return epochs.size();
  }

  public LayerDiagnostics[] epoch(int index) {
    return epochs.get(index).clone();
  }

  public LayerDiagnostics[] initial() {
    return initial == null ? null : initial.clone();
  }

  public boolean collapsedAtInit() {
    return collapsedAtInit;
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String counted = leaky ? "all-negative" : "dead";
    sb.append("Diagnostics (on a fixed sample of ").append(sampleRows).append(" training instances)\n");
    if (initial != null) {
      sb.append("At initialisation, before any update: ").append(counted).append(" units per layer ")
          .append(counts(initial)).append("; network output ")
          .append(collapsedAtInit ? "COLLAPSED (the same for every instance)" : "varies across instances")
          .append('\n');
    }
    if (epochs.isEmpty()) {
      return sb.toString();
    }
    int layers = epochs.get(0).length;
    sb.append('\n').append(leaky ? "All-negative" : "Dead").append(" units per epoch\n");
    sb.append(String.format("%7s", "epoch"));
    if (layers <= MAX_LAYER_COLUMNS) {
      for (int l = 1; l <= layers; l++) {
        sb.append(String.format(" %8s", "layer " + l));
      }
    } else {
      sb.append(String.format(" %8s %10s %14s", "total", "worst", "layers with any"));
    }
    sb.append('\n');
    int n = epochs.size();
    int stride = Math.max(1, (int) Math.ceil(n / (double) SHOWN_EPOCHS));
    for (int e = 1; e <= n; e++) {
      if (e != 1 && e != n && e % stride != 0) {
        continue;
      }
      LayerDiagnostics[] d = epochs.get(e - 1);
      sb.append(String.format("%7d", e));
      if (layers <= MAX_LAYER_COLUMNS) {
        for (LayerDiagnostics l : d) {
          sb.append(String.format(" %8d", l.inactiveUnits));
        }
      } else {
        int total = 0;
        int worst = 0;
        int worstLayer = 0;
        int withAny = 0;
        for (int l = 0; l < d.length; l++) {
          total += d[l].inactiveUnits;
          withAny += d[l].inactiveUnits > 0 ? 1 : 0;
          if (d[l].inactiveUnits > worst) {
            worst = d[l].inactiveUnits;
            worstLayer = l + 1;
          }
        }
        sb.append(String.format(" %8d %10s %14d", total, worst == 0 ? "-" : worst + " (L" + worstLayer + ")", withAny));
      }
      sb.append('\n');
    }
    LayerDiagnostics[] last = epochs.get(n - 1);
    sb.append("\nPer layer after epoch ").append(n).append('\n');
    sb.append(String.format("%6s %6s %8s %10s %10s %10s %12s %10s %10s%n", "layer", "units", counted.equals("dead")
        ? "dead" : "all-neg", leaky ? "neg frac" : "zero frac", "act mean", "act std", "grad norm", "gamma", "beta"));
    for (int l = 0; l < last.length; l++) {
      LayerDiagnostics d = last[l];
      sb.append(String.format("%6d %6d %8d %10.3f %10.4f %10.4f %12.4e %10s %10s%n", l + 1, d.units,
          d.inactiveUnits, d.inactiveFraction, d.activationMean, d.activationStd, d.gradientNorm,
          format(d.gammaMean), format(d.betaMean)));
    }
    return sb.toString();
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.4f", v);
  }

  private static String counts(LayerDiagnostics[] layers) {
    StringBuilder sb = new StringBuilder("[");
    for (int l = 0; l < layers.length; l++) {
      sb.append(l > 0 ? ", " : "").append(layers[l].inactiveUnits).append('/').append(layers[l].units);
    }
    return sb.append(']').toString();
  }
}
