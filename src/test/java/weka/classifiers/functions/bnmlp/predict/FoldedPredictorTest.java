package weka.classifiers.functions.bnmlp.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.cpu.CpuFamily;
import weka.classifiers.functions.bnmlp.cpu.CpuKernels;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;

/**
 * Prediction as the engine runs it: chunks shared out over the threads (or run on the caller), their
 * buffers kept between calls for the two most recent chunk sizes. Every row of every call matches
 * the double-precision network computed layer by layer, whatever the order of request sizes (a
 * size that reuses kept buffers, one that replaces them, one that fits in a single chunk), also
 * after the parameters changed.
 */
class FoldedPredictorTest {

  private static final int CHUNK = 16;

  @ParameterizedTest(name = "{0} thread(s), bn {1}")
  @CsvSource({"1, BEFORE", "2, BEFORE", "2, AFTER", "3, NONE"})
  void everyCallMatchesTheReference(int threads, BnPlacement bn) {
    NetworkSpec spec = new NetworkSpec(7, new int[] {40, 33}, 4, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn,
        ActivationKind.LEAKY_RELU, 0.1, InitScheme.HE, 0.1, 1e-3);
    Random random = new Random(5);
    Network reference = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    CpuFamily family = new CpuFamily(() -> threads);
    Network network = new Network(spec, DataType.FLOAT, family);
    FoldedNetworkTest.setRandomState(random, reference, network);
    FoldedPredictor predictor = new FoldedPredictor(network, (CpuKernels) network.kernels, () -> threads, CHUNK);

    for (int rows : new int[] {50, 50, 16, 5, 50, 37, 50, 0, 50, 37}) {
      if (rows == 0) { // new parameters: a new folding, with the buffers kept
        FoldedNetworkTest.setRandomState(random, reference, network);
        predictor.parametersChanged();
        continue;
      }
      float[] x = FoldedNetworkTest.randomRows(random, rows, spec.inputs);
      float[] out = new float[rows * spec.outputs];
      predictor.predict(rows, (from, to, into) -> System.arraycopy(x, from * spec.inputs, into, 0, (to - from) * spec.inputs),
          (from, to, p) -> System.arraycopy(p, 0, out, from * spec.outputs, (to - from) * spec.outputs));
      INDArray actual = Nd4j.create(out, new long[] {rows, spec.outputs}, 'c');
      FoldedNetworkTest.assertClose(FoldedNetworkTest.referencePredictions(reference, x, rows), actual, rows,
          spec.outputs);
    }
  }

  /**
   * The dead-unit counts of the prediction's own pass, on every thread count and in one chunk or
   * several, against the double-precision network's activation outputs counted in plain Java. In
   * every layer unit 0 is made dead (a far negative shift before its activation), so there is
   * something to find, and unit 1 silent (its activation's input exactly 0: dead for ReLU, not
   * all-negative for LeakyReLU).
   */
  @ParameterizedTest(name = "{0} thread(s), bn {1}, {2}")
  @CsvSource({"1, BEFORE, RELU", "2, BEFORE, RELU", "2, AFTER, RELU", "3, NONE, RELU", "2, BEFORE, LEAKY_RELU",
      "2, AFTER, LEAKY_RELU"})
  void activityMatchesTheReferenceCount(int threads, BnPlacement bn, ActivationKind activation) {
    NetworkSpec spec = new NetworkSpec(7, new int[] {40, 33}, 4, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn,
        activation, 0.1, InitScheme.HE, 0.1, 1e-3);
    Random random = new Random(11);
    Network reference = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    Network network = new Network(spec, DataType.FLOAT, new CpuFamily(() -> threads));
    FoldedNetworkTest.setRandomState(random, reference, network);
    killFirstUnits(reference, network);
    FoldedPredictor chunked = new FoldedPredictor(network, (CpuKernels) network.kernels, () -> threads, CHUNK);
    // one chunk of many rows: on the calling thread, each step split over the kernels' threads
    FoldedPredictor wholeChunks = new FoldedPredictor(network, (CpuKernels) network.kernels, () -> threads, 4096);

    for (int rows : new int[] {75, 9, 600}) { // five chunks shared out, one on the calling thread, one split
      FoldedPredictor predictor = rows > 100 ? wholeChunks : chunked;
      float[] x = FoldedNetworkTest.randomRows(random, rows, spec.inputs);
      DeadUnitReport report = predictor.activity(rows,
          (from, to, into) -> System.arraycopy(x, from * spec.inputs, into, 0, (to - from) * spec.inputs)).report();
      FoldedNetworkTest.referencePredictions(reference, x, rows); // leaves each layer's activation outputs
      boolean leaky = activation == ActivationKind.LEAKY_RELU;
      assertEquals(leaky, report.isLeaky());
      assertEquals(rows, report.instances());
      for (int l = 0; l < spec.hidden.length; l++) {
        INDArray post = reference.hiddenLayer(l).activationOutput();
        int units = spec.hidden[l];
        int dead = 0;
        long inactive = 0;
        for (int u = 0; u < units; u++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int r = 0; r < rows; r++) {
            double v = post.getDouble(r, u);
            max = Math.max(max, v);
            inactive += (leaky ? v < 0 : v <= 0) ? 1 : 0;
          }
          dead += (leaky ? max < 0 : max <= 0) ? 1 : 0;
        }
        assertTrue(dead >= (leaky ? 1 : 2), "the units made dead in layer " + l);
        assertEquals(dead, report.layer(l).inactiveUnits(), "dead units, layer " + l);
        assertEquals(inactive / ((double) rows * units), report.layer(l).inactiveFraction(), 0, "layer " + l);
      }
    }
  }

  /**
   * Unit 0 of every hidden layer gets a shift of -50 before its activation (BN's beta, or the bias);
   * unit 1 an input of exactly 0 (no weights and no bias, or BN's gamma and beta 0).
   */
  private static void killFirstUnits(Network... networks) {
    NetworkSpec spec = networks[0].spec;
    ParameterLayout layout = new ParameterLayout(spec);
    double[] p = networks[0].parameters();
    for (int l = 0; l < spec.hidden.length; l++) {
      boolean before = spec.bn == BnPlacement.BEFORE;
      p[(int) (before ? layout.beta(l) : layout.bias(l))] = -50;
      if (before) {
        p[(int) layout.gamma(l) + 1] = 0;
        p[(int) layout.beta(l) + 1] = 0;
      } else {
        int in = layout.in(l);
        java.util.Arrays.fill(p, (int) layout.weights(l) + in, (int) layout.weights(l) + 2 * in, 0); // column-major
        p[(int) layout.bias(l) + 1] = 0;
      }
    }
    double[] stats = networks[0].statistics();
    for (Network network : networks) {
      network.setState(p, stats);
    }
  }
}
