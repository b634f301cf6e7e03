package weka.classifiers.functions.bnmlp.tools;

import java.util.Locale;

import weka.classifiers.functions.MultilayerPerceptron;
import weka.core.Instances;

/**
 * Times one epoch of Weka's own MultilayerPerceptron on the reference workload, for context:
 * what Weka users wait for today. Same flags as {@link MlpBench} (rows, features, classes, hidden,
 * layers).
 */
public final class WekaMlpEpoch {

  private WekaMlpEpoch() {
  }

  public static void main(String[] args) throws Exception {
    int rows = MlpBench.intOption(args, "rows", 50000);
    int features = MlpBench.intOption(args, "features", 64);
    int classes = MlpBench.intOption(args, "classes", 10);
    int hidden = MlpBench.intOption(args, "hidden", 256);
    int layers = MlpBench.intOption(args, "layers", 3);
    Instances data = MlpBench.referenceData(rows, features, classes, 1);
    StringBuilder h = new StringBuilder();
    for (int l = 0; l < layers; l++) {
      h.append(l > 0 ? "," : "").append(hidden);
    }
    MultilayerPerceptron mlp = new MultilayerPerceptron();
    mlp.setHiddenLayers(h.toString());
    mlp.setTrainingTime(1);
    mlp.setNominalToBinaryFilter(false);
    mlp.setNormalizeAttributes(false);
    long start = System.nanoTime();
    mlp.buildClassifier(data);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println(String.format(Locale.ROOT, "system=weka-MultilayerPerceptron hidden=%s epochs=1 "
        + "train_rows_per_s=%.0f epoch_s=%.1f", h, rows / seconds, seconds));
  }
}
