package weka.classifiers.functions.bnmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.cpu.CpuFamily;
import weka.classifiers.functions.bnmlp.gemm.LibraryBatchNorm;
import weka.classifiers.functions.bnmlp.gemm.MatrixLibraryTest;
import weka.classifiers.functions.bnmlp.gemm.Sgemm;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;

/**
 * Updating layers during the backward pass, in pieces on the threads BN's library step leaves idle,
 * changes no value: every parameter after several steps is bit for bit what the update in one go
 * at the end of each step gives (OptimizerTest checks that one against Adam and SGD by hand).
 */
class UpdateDuringBackwardTest {

  /** Hidden layers of 300 units: weight matrices of several pieces, the last one short. */
  private static final int[] HIDDEN = {300, 300};

  private static Network network(BnPlacement bn, ActivationKind activation, int threads) {
    NetworkSpec spec = new NetworkSpec(9, HIDDEN, 4, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn, activation,
        activation == ActivationKind.LEAKY_RELU ? 0.1 : 0, InitScheme.HE, 0.1, 1e-5);
    Network net = new Network(spec, DataType.FLOAT, new CpuFamily(() -> threads, gemm()));
    net.initialise(11);
    return net;
  }

  private static Sgemm gemm() {
    return MatrixLibraryTest.oneDnn();
  }

  private static INDArray[] batch(int rows, int seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.FLOAT, rows, 9);
    INDArray target = Nd4j.zeros(DataType.FLOAT, rows, 4);
    for (int i = 0; i < rows; i++) {
      target.putScalar(i, (i * 7) % 4, 1);
    }
    return new INDArray[] {x, target, Nd4j.ones(DataType.FLOAT, rows, 1)};
  }

  @ParameterizedTest(name = "bn {0}, {1}, {2}, l2 {3}, momentum {4}, {5} threads")
  @CsvSource({"BEFORE,RELU,ADAM,0.01,0,2", "BEFORE,RELU,ADAM,0,0,3", "BEFORE,RELU,SGD,0.001,0.9,2",
      "BEFORE,RELU,SGD,0,0,2", "BEFORE,RELU,ADAM,0.01,0,1", "BEFORE,LEAKY_RELU,ADAM,0.01,0,2",
      "AFTER,RELU,ADAM,0.01,0,2", "NONE,RELU,SGD,0.001,0.9,2"})
  void updatingDuringBackwardGivesTheSameParameters(BnPlacement bn, ActivationKind activation, OptimizerKind kind,
      double l2, double momentum, int threads) {
    Network during = network(bn, activation, threads);
    Network after = network(bn, activation, threads);
    TrainingSettings settings = new TrainingSettings(kind, 0.01, momentum, l2, 64);
    Optimizer early = new Optimizer(during, settings);
    Optimizer late = new Optimizer(after, settings);
    for (int step = 0; step < 4; step++) {
      INDArray[] b = batch(64, step);
      float duringLoss = (float) during.lossAndGradient(b[0], b[1], b[2], early.duringBackward());
      early.apply();
      float afterLoss = (float) after.lossAndGradient(b[0], b[1], b[2]);
      late.apply();
      assertEquals(afterLoss, duringLoss, 0f, "loss of step " + (step + 1));
      assertArrayEquals(after.flat.params.toFloatVector(), during.flat.params.toFloatVector(),
          "parameters after step " + (step + 1));
    }
  }

  /**
   * Where the library runs BN's backward step and two threads train, the output layer and the
   * hidden layers above the first are updated by the time the backward pass returns; the first
   * layer, whose gradient is final last, only by {@code apply}.
   */
  @Test
  void layersAboveTheFirstAreUpdatedBeforeTheBackwardPassReturns() {
    assumeTrue(LibraryBatchNorm.availableWith(gemm()), "BN runs on the library only with AVX2 or better");
    Network net = network(BnPlacement.BEFORE, ActivationKind.RELU, 2);
    Optimizer optimizer = new Optimizer(net, new TrainingSettings(OptimizerKind.ADAM, 0.01, 0, 0, 64));
    INDArray[] b = batch(64, 1);
    float[] before = net.flat.params.toFloatVector();
    net.lossAndGradient(b[0], b[1], b[2], optimizer.duringBackward());
    float[] during = net.flat.params.toFloatVector();
    for (int l = 0; l <= HIDDEN.length; l++) {
      int from = (int) net.layout.weights(l);
      int to = from + net.layout.in(l) * net.layout.out(l);
      float[] w0 = Arrays.copyOfRange(before, from, to);
      float[] w1 = Arrays.copyOfRange(during, from, to);
      if (l == 0) {
        assertArrayEquals(w0, w1, "the first layer's weights, before apply");
      } else {
        assertNotEquals(Arrays.toString(w0), Arrays.toString(w1), "layer " + l + "'s weights, before apply");
      }
    }
    optimizer.apply();
    float[] applied = net.flat.params.toFloatVector();
    assertNotEquals(Arrays.toString(Arrays.copyOfRange(before, 0, 9 * 300)),
        Arrays.toString(Arrays.copyOfRange(applied, 0, 9 * 300)), "the first layer's weights after apply");
  }
}
