package weka.classifiers.functions.bnmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.cpu.CpuFamily;
import weka.classifiers.functions.bnmlp.gemm.LibraryBatchNorm;
import weka.classifiers.functions.bnmlp.gemm.MatrixLibraryTest;
import weka.classifiers.functions.bnmlp.net.DenseData;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;

/**
 * The trainer gathers each minibatch during the step before it, on a thread that step leaves idle
 * where it has one: the parameters after a pass must be bit for bit those of the same steps with
 * each batch's rows copied out by hand right before its step.
 */
class BatchAheadTest {

  private static final int INPUTS = 7;
  private static final int CLASSES = 3;
  private static final int ROWS = 230;

  private static Network network(BnPlacement bn, ActivationKind activation, int threads) {
    NetworkSpec spec = new NetworkSpec(INPUTS, new int[] {64, 64}, CLASSES, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        bn, activation, activation == ActivationKind.LEAKY_RELU ? 0.1 : 0, InitScheme.HE, 0.1, 1e-5);
    Network net = new Network(spec, DataType.FLOAT, new CpuFamily(() -> threads, MatrixLibraryTest.oneDnn()));
    net.initialise(5);
    return net;
  }

  /** Rows with distinct inputs, targets and weights, so that a batch with a wrong row trains otherwise. */
  private static float[][] rows() {
    Random random = new Random(3);
    float[] x = new float[ROWS * INPUTS];
    float[] target = new float[ROWS];
    float[] weight = new float[ROWS];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (int r = 0; r < ROWS; r++) {
      target[r] = random.nextInt(CLASSES); // a class index: the data hold it one-hot
      weight[r] = 0.5f + random.nextFloat();
    }
    return new float[][] {x, target, weight};
  }

  /** Batches of the rows in a shuffled order: the first one short, as the trainer makes them. */
  private static int[][] batches(int size) {
    int[][] batches = MinibatchTrainer.splitIntoBatches(ROWS, size, true);
    Random random = new Random(9);
    int at = 0;
    int[] order = random.ints(0, ROWS).distinct().limit(ROWS).toArray();
    for (int[] batch : batches) {
      System.arraycopy(order, at, batch, 0, batch.length);
      at += batch.length;
    }
    return batches;
  }

  private static INDArray pick(float[] values, int width, int[] rows) {
    float[] picked = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * width, picked, i * width, width);
    }
    return Nd4j.create(picked, new long[] {rows.length, width}, 'c');
  }

  @ParameterizedTest(name = "bn {0}, {1}, {2} threads, batch {3}")
  @CsvSource({"BEFORE,RELU,2,64", "BEFORE,RELU,1,64", "BEFORE,RELU,3,50", "AFTER,RELU,2,64",
      "BEFORE,LEAKY_RELU,2,64", "NONE,RELU,2,100"})
  void passGivesTheParametersOfBatchesCopiedByHand(BnPlacement bn, ActivationKind activation, int threads,
      int batchSize) {
    float[][] data = rows();
    NetworkSpec spec = network(bn, activation, threads).spec;
    TrainingSettings settings = new TrainingSettings(OptimizerKind.ADAM, 0.01, 0, 0.001, batchSize);

    Network trained = network(bn, activation, threads);
    DenseData dense = new DenseData(spec, DataType.FLOAT, data[0], data[1], data[2], ROWS);
    float[] inputs = dense.inputs.data().asFloat();
    float[] targets = dense.targets.data().asFloat();
    float[] weights = dense.weights.data().asFloat();
    MinibatchTrainer trainer = new MinibatchTrainer(trained, settings, dense, new Random(1));
    int[][] batches = batches(batchSize);
    double trainerLoss = trainer.steps(batches) + trainer.steps(batches);

    Network byHand = network(bn, activation, threads);
    Optimizer optimizer = new Optimizer(byHand, settings);
    double handLoss = 0;
    for (int pass = 0; pass < 2; pass++) {
      double passLoss = 0; // summed per pass, in the trainer's order
      for (int[] rows : batches) {
        passLoss += byHand.lossAndGradient(pick(inputs, INPUTS, rows), pick(targets, CLASSES, rows),
            pick(weights, 1, rows)) * rows.length;
        optimizer.apply();
      }
      handLoss += passLoss;
    }
    assertEquals(handLoss, trainerLoss, 0, "summed loss of two passes");
    assertArrayEquals(byHand.flat.params.toFloatVector(), trained.flat.params.toFloatVector(),
        "parameters after two passes");
    if (threads > 1 && bn == BnPlacement.BEFORE && activation == ActivationKind.RELU
        && LibraryBatchNorm.availableWith(MatrixLibraryTest.oneDnn())) {
      // where BN's backward step leaves a thread idle, that thread gathered the batches after the first
      assertEquals(2L * (batches.length - 1), trainer.batchesGatheredAlongside(), "batches gathered alongside");
    }
  }
}
