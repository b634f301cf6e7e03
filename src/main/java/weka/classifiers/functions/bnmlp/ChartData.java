package weka.classifiers.functions.bnmlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.LayerActivity;
import weka.classifiers.functions.bnmlp.diagnostics.LayerDiagnostics;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingTrajectory;

/**
 * What the dead-unit chart draws, carried inside the model's graph text. Weka hands visualization
 * plugins the graph string, not the model, so the graph holds one machine-readable comment line,
 * versioned and independent of the labels people read (Weka's graph reader skips comments):
 *
 * <pre>// batchNormMLP-chart-data v1 leaky=false layers=64/3/0.5100,64/0/0.5350 epochs=5,0;3,0</pre>
 *
 * {@code layers}: units / inactive units / mean inactive fraction, per hidden layer on the training
 * data; {@code epochs}: inactive units per layer, per epoch (with diagnostics; may be empty).
 */
public final class ChartData {

  static final String MARKER = "// batchNormMLP-chart-data ";
  static final String VERSION = "v1";

  /** Per hidden layer: units and inactive units. */
  public final List<int[]> layers;
  /** Per hidden layer: the mean fraction of inactive (instance, unit) pairs. */
  public final List<Double> inactiveFractions;
  /** Per epoch: inactive units per layer. */
  public final List<int[]> epochs;
  /** Whether "inactive" means all-negative (LeakyReLU) rather than dead. */
  public final boolean leaky;

  private ChartData(List<int[]> layers, List<Double> fractions, List<int[]> epochs, boolean leaky) {
    this.layers = Collections.unmodifiableList(layers);
    this.inactiveFractions = Collections.unmodifiableList(fractions);
    this.epochs = Collections.unmodifiableList(epochs);
    this.leaky = leaky;
  }

  /** The chart data of a model's training report and (possibly null) trajectory. */
  static ChartData of(DeadUnitReport report, TrainingTrajectory trajectory) {
    List<int[]> layers = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    for (LayerActivity a : report.layers()) {
      layers.add(new int[] {a.units(), a.inactiveUnits()});
      fractions.add(a.inactiveFraction());
    }
    List<int[]> epochs = new ArrayList<>();
    for (int e = 0; trajectory != null && e < trajectory.epochs(); e++) {
      LayerDiagnostics[] d = trajectory.epoch(e);
      int[] row = new int[d.length];
      for (int l = 0; l < d.length; l++) {
        row[l] = d[l].inactiveUnits;
      }
      epochs.add(row);
    }
    return new ChartData(layers, fractions, epochs, report.isLeaky());
  }

  /** The comment line to put in the graph text. */
  String line() {
    StringBuilder sb = new StringBuilder(MARKER).append(VERSION).append(" leaky=").append(leaky).append(" layers=");
    for (int l = 0; l < layers.size(); l++) {
      sb.append(l > 0 ? "," : "").append(String.format(Locale.ROOT, "%d/%d/%.4f", layers.get(l)[0],
          layers.get(l)[1], inactiveFractions.get(l)));
    }
    sb.append(" epochs=");
    for (int e = 0; e < epochs.size(); e++) {
      sb.append(e > 0 ? ";" : "");
      int[] row = epochs.get(e);
      for (int l = 0; l < row.length; l++) {
        sb.append(l > 0 ? "," : "").append(row[l]);
      }
    }
    return sb.append('\n').toString();
  }

  /**
   * The chart data in a graph's text.
   *
   * @throws IllegalArgumentException when the graph has none (another classifier's graph) or has a
   *     version this package does not read
   */
  public static ChartData fromGraph(String graph) {
    for (String line : graph.split("\\R")) {
      if (line.startsWith(MARKER)) {
        String[] fields = line.substring(MARKER.length()).trim().split(" ");
        if (!fields[0].equals(VERSION)) {
          throw new IllegalArgumentException("chart data " + fields[0] + " is from another version of "
              + "batchNormMLP; this one reads " + VERSION);
        }
        return parse(fields);
      }
    }
    throw new IllegalArgumentException("this graph holds no BatchNormMLP chart data");
  }

  private static ChartData parse(String[] fields) {
    List<int[]> layers = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    List<int[]> epochs = new ArrayList<>();
    boolean leaky = false;
    for (String field : fields) {
      int eq = field.indexOf('=');
      String value = eq < 0 ? "" : field.substring(eq + 1);
      if (field.startsWith("leaky=")) {
        leaky = Boolean.parseBoolean(value);
      } else if (field.startsWith("layers=") && !value.isEmpty()) {
        for (String layer : value.split(",")) {
          String[] parts = layer.split("/");
          layers.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
          fractions.add(Double.parseDouble(parts[2]));
        }
      } else if (field.startsWith("epochs=") && !value.isEmpty()) {
        for (String epoch : value.split(";")) {
          epochs.add(java.util.Arrays.stream(epoch.split(",")).mapToInt(Integer::parseInt).toArray());
        }
      }
    }
    return new ChartData(layers, fractions, epochs, leaky);
  }
}
