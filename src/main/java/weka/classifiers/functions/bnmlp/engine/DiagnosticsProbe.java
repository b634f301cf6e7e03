package weka.classifiers.functions.bnmlp.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.LayerDiagnostics;
import weka.classifiers.functions.bnmlp.net.HiddenLayer;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.predict.ActivityCounter;

/** Measures every hidden layer on a fixed sample in one prediction-mode forward pass. */
final class DiagnosticsProbe {

  /** Below this spread of every output over the sample, the network is said to have collapsed. */
  static final double COLLAPSE_TOLERANCE = 1e-6;

  private final INDArray sample;
  private boolean collapsed;

  DiagnosticsProbe(INDArray sample) {
    this.sample = sample;
  }

  /**
   * @param gradientNorms per-layer weight-gradient norms, or null before any training step
   * @param batchStatistics normalize with the sample's own statistics (at initialisation, when the
   *        running statistics have not been estimated yet); they are left as they were
   */
  LayerDiagnostics[] measure(Network network, double[] gradientNorms, boolean batchStatistics) {
    INDArray savedStatistics = batchStatistics ? network.flat.stats.dup() : null;
    INDArray output = network.forward(sample, batchStatistics);
    if (savedStatistics != null) {
      network.flat.stats.assign(savedStatistics);
    }
    collapsed = sample.rows() > 1 && output.std(0).maxNumber().doubleValue() < COLLAPSE_TOLERANCE;
    ActivityCounter counter = new ActivityCounter(network);
    counter.addForwardPass(sample.rows());
    DeadUnitReport report = counter.report();
    LayerDiagnostics[] result = new LayerDiagnostics[network.hiddenLayerCount()];
    for (int l = 0; l < result.length; l++) {
      HiddenLayer layer = network.hiddenLayer(l);
      INDArray post = layer.activationOutput();
      result[l] = new LayerDiagnostics(layer.units(), report.layer(l).inactiveUnits(),
          report.layer(l).inactiveFraction(), post.meanNumber().doubleValue(), post.stdNumber().doubleValue(),
          gradientNorms == null ? Double.NaN : gradientNorms[l], layer.gammaMean(), layer.betaMean());
    }
    return result;
  }

  /** Whether the output was the same for every sample row in the last {@link #measure}. */
  boolean collapsed() {
    return collapsed;
  }
}
