package weka.classifiers.functions.bnmlp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.diagnostics.LayerDiagnostics;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/** Gradient norms against finite differences; born-dead and collapsed-output detection. */
class DiagnosticsTest {

  @Test
  void weightGradientNormsMatchFiniteDifferences() {
    NetworkSpec spec = new NetworkSpec(3, new int[] {4, 5, 3}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.BEFORE, ActivationKind.LEAKY_RELU, 0.1, InitScheme.HE, 0.1, 1e-5);
    Network net = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    net.initialise(11);
    Random random = new Random(12);
    int rows = 7;
    INDArray x = Nd4j.create(DataType.DOUBLE, rows, 3);
    INDArray t = Nd4j.create(DataType.DOUBLE, rows, 2);
    INDArray w = Nd4j.ones(DataType.DOUBLE, rows, 1);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 3; j++) {
        x.putScalar(i, j, random.nextGaussian());
      }
      t.putScalar(i, random.nextInt(2), 1);
    }
    net.lossAndGradient(x, t, w);
    double[] norms = net.weightGradientNorms();
    double h = 1e-6;
    for (int l = 0; l < 3; l++) {
      long from = net.layout.weights(l);
      long count = (long) net.layout.in(l) * net.layout.out(l);
      double sumSquares = 0;
      for (long i = from; i < from + count; i++) {
        double original = net.flat.params.getDouble(i);
        net.flat.params.putScalar(i, original + h);
        double plus = net.lossAndGradient(x, t, w);
        net.flat.params.putScalar(i, original - h);
        double minus = net.lossAndGradient(x, t, w);
        net.flat.params.putScalar(i, original);
        double g = (plus - minus) / (2 * h);
        sumSquares += g * g;
      }
      assertEquals(Math.sqrt(sumSquares), norms[l], 1e-6 * Math.max(1, norms[l]), "layer " + (l + 1));
    }
  }

  @Test
  void bornDeadUnitsAndACollapsedOutputAreReported() {
    NetworkSpec spec = new NetworkSpec(2, new int[] {3, 3}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.NONE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    TrainingSettings settings = new TrainingSettings(OptimizerKind.ADAM, 0.001, 0, 0, 8);
    float[] sample = new float[40];
    Random random = new Random(1);
    for (int i = 0; i < sample.length; i++) {
      sample[i] = (float) random.nextGaussian();
    }

    MlpEngine healthy = new MlpEngine(spec, settings, 3);
    healthy.enableDiagnostics(sample, 20);
    healthy.diagnose();
    assertFalse(healthy.outputCollapsed());

    // layer 1: zero weights and bias -1, so every unit is dead and everything after it is constant
    ParameterLayout layout = new ParameterLayout(spec);
    double[] p = new double[(int) layout.size()];
    for (int j = 0; j < 3; j++) {
      p[(int) layout.bias(0) + j] = -1;
      p[(int) layout.weights(1) + j] = 1;
      p[(int) layout.weights(2) + j] = 0.5;
    }
    MlpEngine dead = new MlpEngine(spec, settings, 3);
    dead.restore(new Snapshot(p, new double[1]));
    dead.enableDiagnostics(sample, 20);
    LayerDiagnostics[] layers = dead.diagnose();
    assertEquals(3, layers[0].inactiveUnits);
    assertEquals(0.0, layers[0].activationStd, 0);
    assertTrue(Double.isNaN(layers[0].gradientNorm), "no training step yet");
    assertTrue(dead.outputCollapsed());
  }

  @Test
  void atInitialisationBatchNormUsesTheSampleStatisticsAndLeavesTheRunningOnesAlone() {
    NetworkSpec spec = new NetworkSpec(2, new int[] {3}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.BEFORE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    ParameterLayout layout = new ParameterLayout(spec);
    double[] p = new double[(int) layout.size()];
    for (int j = 0; j < 3; j++) {
      p[(int) layout.weights(0) + j * 2] = 1; // unit j follows x0 ...
      p[(int) layout.bias(0) + j] = -5; // ... shifted far below zero
      p[(int) layout.gamma(0) + j] = 1;
    }
    double[] stats = {0, 0, 0, 1, 1, 1}; // running mean 0 and variance 1, as initialised
    MlpEngine engine = new MlpEngine(spec, new TrainingSettings(OptimizerKind.ADAM, 0.001, 0, 0, 8), 3);
    engine.restore(new Snapshot(p, stats));
    float[] sample = new float[40];
    Random random = new Random(2);
    for (int i = 0; i < sample.length; i++) {
      sample[i] = (float) random.nextGaussian();
    }
    engine.enableDiagnostics(sample, 20);
    LayerDiagnostics[] atInit = engine.diagnose();
    assertEquals(0, atInit[0].inactiveUnits, "BN before the ReLU centres the sample: nothing is born dead");
    // the running statistics are untouched, so prediction still sees x0 - 5: every unit dead there
    assertEquals(3, engine.deadUnits(sample, 20).layer(0).inactiveUnits());
  }
}
