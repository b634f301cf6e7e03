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
    return GradientCheckTest.configurations().flatMap(c -> Stream.of(1, 2, 5, 150).map(rows -> {
      Object[] base = c.get();
      return Arguments.of(base[0], base[1], base[2], rows);
    }));
  }

  @ParameterizedTest(name = "bn {0}, {1}, {2}, {3} rows")
  @MethodSource("configurations")
  void foldedPredictionsMatchLayerByLayer(BnPlacement bn, ActivationKind act, NetworkSpec.Loss loss, int rows) {
    int outputs = loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY ? 4 : 1;
    NetworkSpec spec = new NetworkSpec(7, new int[] {40, 33, 20}, outputs, loss, bn, act, 0.1, InitScheme.HE, 0.1,
        1e-3);
    ParameterLayout layout = new ParameterLayout(spec);
    Random random = new Random(11);
    double[] params = new double[(int) layout.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = random.nextGaussian() * 0.4; // weights, biases, gamma (some negative) and beta
    }
    double[] stats = new double[(int) Math.max(1, layout.statsSize())];
    for (int l = 0; l < spec.layerCount() && spec.usesBatchNorm(); l++) {
      int at = (int) layout.runningStats(l);
      int units = layout.out(l);
      for (int j = 0; j < units; j++) {
        stats[at + j] = random.nextGaussian(); // running mean
        stats[at + units + j] = 0.05 + 3 * random.nextDouble(); // running variance
      }
    }
    Network reference = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    reference.setState(params, stats);
    Network network = new Network(spec, DataType.FLOAT, new CpuFamily(() -> 2));
    network.setState(params, stats);

    double[][] x = new double[rows][7];
    float[] xf = new float[rows * 7];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 7; j++) {
        x[i][j] = 2 * random.nextGaussian() + 0.5;
        xf[i * 7 + j] = (float) x[i][j];
      }
    }
    INDArray expected = Nd4j.create(DataType.DOUBLE, rows, outputs);
    reference.predict(Nd4j.create(x), expected);

    INDArray actual = Nd4j.create(DataType.FLOAT, rows, outputs);
    new FoldedNetwork.Runner(new CpuFamily(() -> 2).kernels()).predict(FoldedNetwork.of(network),
        Nd4j.create(xf, new long[] {rows, 7}, 'c'), actual);
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < outputs; k++) {
        double e = expected.getDouble(i, k);
        assertEquals(e, actual.getDouble(i, k), 2e-4 * Math.max(1, Math.abs(e)), "row " + i + ", output " + k);
      }
    }
  }
}
