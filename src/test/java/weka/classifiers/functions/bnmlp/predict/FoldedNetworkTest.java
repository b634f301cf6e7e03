package weka.classifiers.functions.bnmlp.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.cpu.CpuFamily;
import weka.classifiers.functions.bnmlp.gemm.MatrixLibraryTest;
import weka.classifiers.functions.bnmlp.gemm.OpenBlasSgemm;
import weka.classifiers.functions.bnmlp.gemm.Sgemm;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.net.GradientCheckTest;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;

/**
 * The folded network predicts what the network computes layer by layer with BN as such (the portable
 * kernels, in double precision), for every placement, activation and loss, with BN parameters and
 * running statistics far from their initial values and non-zero biases everywhere.
 */
class FoldedNetworkTest {

  static Stream<Arguments> configurations() {
    return GradientCheckTest.configurations().flatMap(c -> Stream.of(1, 2, 5, 150).flatMap(rows ->
        Stream.of("oneDNN", "OpenBLAS").map(library -> {
          Object[] base = c.get();
          return Arguments.of(base[0], base[1], base[2], rows, library);
        })));
  }

  /**
   * On both matrix libraries: with oneDNN the hidden layers' shift and activation and the softmax run
   * on oneDNN's kernels, with OpenBLAS on the package's; with 150 rows, two threads each take a piece.
   */
  @ParameterizedTest(name = "bn {0}, {1}, {2}, {3} rows, {4}")
  @MethodSource("configurations")
  void foldedPredictionsMatchLayerByLayer(BnPlacement bn, ActivationKind act, NetworkSpec.Loss loss, int rows,
      String library) {
    Sgemm gemm = library.equals("oneDNN") ? MatrixLibraryTest.oneDnn() : new OpenBlasSgemm();
    int outputs = loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY ? 4 : 1;
    NetworkSpec spec = new NetworkSpec(7, new int[] {40, 33, 20}, outputs, loss, bn, act, 0.1, InitScheme.HE, 0.1,
        1e-3);
    Random random = new Random(11);
    Network reference = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    Network network = new Network(spec, DataType.FLOAT, new CpuFamily(() -> 2));
    setRandomState(random, reference, network);
    float[] xf = randomRows(random, rows, 7);
    INDArray expected = referencePredictions(reference, xf, rows);

    INDArray actual = Nd4j.create(DataType.FLOAT, rows, outputs);
    new FoldedNetwork.Runner(new CpuFamily(() -> 2, gemm).kernels()).predict(FoldedNetwork.of(network),
        Nd4j.create(xf, new long[] {rows, 7}, 'c'), actual, null);
    assertClose(expected, actual, rows, outputs);
  }

  /**
   * The same parameters and running statistics in every network given: weights, biases, gamma
   * (some negative) and beta far from their initial values, running means and variances far from 0 and 1.
   */
  static void setRandomState(Random random, Network... networks) {
    NetworkSpec spec = networks[0].spec;
    ParameterLayout layout = new ParameterLayout(spec);
    double[] params = new double[(int) layout.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = random.nextGaussian() * 0.4;
    }
    double[] stats = new double[(int) Math.max(1, layout.statsSize())];
    for (int l = 0; l < spec.layerCount() && spec.usesBatchNorm(); l++) {
      int at = (int) layout.runningStats(l);
      int units = layout.out(l);
      for (int j = 0; j < units; j++) {
        stats[at + j] = random.nextGaussian();
        stats[at + units + j] = 0.05 + 3 * random.nextDouble();
      }
    }
    for (Network network : networks) {
      network.setState(params, stats);
    }
  }

  /** Row-major rows of values around 0.5 with standard deviation 2. */
  static float[] randomRows(Random random, int rows, int columns) {
    float[] x = new float[rows * columns];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * random.nextGaussian() + 0.5);
    }
    return x;
  }

  /** What the double-precision network computes layer by layer for the rows of {@code x}. */
  static INDArray referencePredictions(Network reference, float[] x, int rows) {
    int inputs = reference.spec.inputs;
    double[][] values = new double[rows][inputs];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < inputs; j++) {
        values[i][j] = x[i * inputs + j];
      }
    }
    INDArray expected = Nd4j.create(DataType.DOUBLE, rows, reference.spec.outputs);
    reference.predict(Nd4j.create(values), expected);
    return expected;
  }

  static void assertClose(INDArray expected, INDArray actual, int rows, int outputs) {
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < outputs; k++) {
        double e = expected.getDouble(i, k);
        assertEquals(e, actual.getDouble(i, k), 2e-4 * Math.max(1, Math.abs(e)), "row " + i + ", output " + k);
      }
    }
  }
}
