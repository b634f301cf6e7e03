package weka.classifiers.functions.bnmlp;

import java.util.Locale;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.LayerActivity;
import weka.classifiers.functions.bnmlp.diagnostics.LayerDiagnostics;
import weka.classifiers.functions.bnmlp.diagnostics.TrainingTrajectory;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;

/**
 * The network as a chain of nodes in the dot dialect Weka's tree visualizer reads: input, one node
 * per hidden layer labelled with its dead units on the training data, output, and (with
 * diagnostics) a node holding the dead units per epoch; and the chart's data as one versioned,
 * machine-readable comment line ({@link ChartData}): Weka hands visualization plugins this graph
 * string, not the model.
 */
public final class NetworkGraph {

  private NetworkGraph() {
  }

  public static String dot(TrainedModel model) {
    NetworkSpec spec = model.engine().spec();
    DeadUnitReport report = model.trainingReport();
    boolean leaky = report.isLeaky();
    StringBuilder sb = new StringBuilder("digraph BatchNormMLP {\n");
    sb.append("N0 [label=\"input: ").append(spec.inputs).append(" values\" shape=box]\n");
    int node = 0;
    for (int l = 0; l < report.layers().size(); l++) {
      LayerActivity a = report.layer(l);
      sb.append("N").append(node).append("->N").append(node + 1).append('\n');
      node++;
      sb.append(String.format(Locale.ROOT, "N%d [label=\"layer %d: %d units, %d %s (%.1f%%), %s fraction %.3f\"]%n",
          node, l + 1, a.units(), a.inactiveUnits(), leaky ? "all-negative" : "dead", 100 * a.inactiveUnitFraction(),
          leaky ? "negative" : "zero", a.inactiveFraction()));
    }
    sb.append("N").append(node).append("->N").append(node + 1).append('\n');
    node++;
    sb.append("N").append(node).append(" [label=\"output: ").append(spec.outputs)
        .append(spec.loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY ? " classes (softmax)" : " value (linear)")
        .append("\" shape=box]\n");
    TrainingTrajectory trajectory = model.trajectory();
    if (trajectory != null && trajectory.epochs() > 0) {
      sb.append("N").append(node).append("->N").append(node + 1).append('\n');
      node++;
      StringBuilder epochs = new StringBuilder();
      for (int e = 0; e < trajectory.epochs(); e++) {
        epochs.append(e > 0 ? ";" : "");
        LayerDiagnostics[] d = trajectory.epoch(e);
        for (int l = 0; l < d.length; l++) {
          epochs.append(l > 0 ? "," : "").append(d[l].inactiveUnits);
        }
      }
      sb.append("N").append(node).append(" [label=\"").append(leaky ? "all-negative" : "dead")
          .append(" units per epoch: ").append(epochs).append("\" shape=box]\n");
    }
    sb.append(ChartData.of(report, trajectory).line());
    return sb.append("}\n").toString();
  }
}
