package weka.classifiers.functions.bnmlp.diagnostics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Per-layer dead-unit counts of one network on one data set, with a text table for Weka's output. */
public final class DeadUnitReport implements Serializable {

  private static final long serialVersionUID = 1L;

  private final boolean leaky;
  private final int instances;
  private final List<LayerActivity> layers;

  public DeadUnitReport(boolean leaky, int instances, LayerActivity[] layers) {
    this.leaky = leaky;
    this.instances = instances;
    this.layers = Collections.unmodifiableList(Arrays.asList(layers.clone()));
  }

  /** True when the counts are LeakyReLU all-negative units rather than ReLU dead units. */
  public boolean isLeaky() {
    return leaky;
  }

  public int instances() {
    return instances;
  }

  public List<LayerActivity> layers() {
    return layers;
  }

  public LayerActivity layer(int index) {
    return layers.get(index);
  }

  public int totalUnits() {
    return layers.stream().mapToInt(LayerActivity::units).sum();
  }

  public int totalInactiveUnits() {
    return layers.stream().mapToInt(LayerActivity::inactiveUnits).sum();
  }

  /** The table, titled with what was evaluated (e.g. "training data"). */
  public String toTable(String dataName) {
    String counted = leaky ? "all-neg" : "dead";
    String fraction = leaky ? "mean neg frac" : "mean zero frac";
    StringBuilder sb = new StringBuilder();
    sb.append(leaky ? "All-negative LeakyReLU units" : "Dead ReLU units").append(" on ").append(dataName)
        .append(" (").append(instances).append(" instances)\n");
    sb.append(String.format("%6s %8s %8s %8s %15s%n", "layer", "units", counted, counted + " %", fraction));
    for (int l = 0; l < layers.size(); l++) {
      LayerActivity a = layers.get(l);
      sb.append(String.format("%6d %8d %8d %7.1f%% %15.3f%n", l + 1, a.units(), a.inactiveUnits(),
          100 * a.inactiveUnitFraction(), a.inactiveFraction()));
    }
    sb.append(String.format("%6s %8d %8d %7.1f%%%n", "all", totalUnits(), totalInactiveUnits(),
        totalUnits() == 0 ? 0.0 : 100.0 * totalInactiveUnits() / totalUnits()));
    if (leaky) {
      sb.append("(all-negative LeakyReLU units still pass alpha * input: not dead, never positive)\n");
    }
    return sb.toString();
  }
}
