package weka.classifiers.functions.bnmlp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.predict.RowSource;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/**
 * Prediction of many rows on several threads (each thread whole chunks of the folded network with
 * its own buffers, encoding its own rows when they come from a source) gives exactly what one thread
 * gives, and what the portable ND4J kernels give; and it follows the parameters as training goes on.
 */
class ParallelPredictionTest {

  @AfterEach
  void allCores() {
    Nd4jRuntime.useThreads(0);
  }

  @ParameterizedTest
  @EnumSource(BnPlacement.class)
  void predictionsDoNotDependOnTheThreadCount(BnPlacement bn) {
    NetworkSpec spec = new NetworkSpec(9, new int[] {48, 20}, 3, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn,
        ActivationKind.LEAKY_RELU, 0.05, InitScheme.HE, 0.1, 1e-5);
    MlpEngine engine = new MlpEngine(spec, new TrainingSettings(OptimizerKind.ADAM, 0.01, 0, 0, 64), 4);
    int rows = 3 * MlpEngine.PREDICTION_CHUNK + 77; // several chunks and a ragged last one
    Random random = new Random(8);
    float[] x = new float[rows * 9];
    float[] target = new float[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 9; j++) {
        x[i * 9 + j] = (float) random.nextGaussian();
      }
      target[i] = random.nextInt(3);
    }
    float[] weight = new float[rows];
    java.util.Arrays.fill(weight, 1f);
    Nd4jRuntime.useThreads(2);
    engine.startTraining(x, target, weight, rows);
    engine.trainEpoch(); // running statistics and weights away from their initial values
    engine.finishTraining();

    Nd4jRuntime.useThreads(1);
    float[] one = engine.predict(x, rows);
    RowSource source = (from, to, into) -> System.arraycopy(x, from * 9, into, 0, (to - from) * 9);
    assertArrayEquals(one, throughSink(engine, rows, source), "rows from a source into a sink, 1 thread");
    for (int threads : new int[] {2, 3}) {
      Nd4jRuntime.useThreads(threads);
      assertArrayEquals(one, engine.predict(x, rows), threads + " threads");
      assertArrayEquals(one, throughSink(engine, rows, source), "rows from a source into a sink, " + threads
          + " threads");
    }

    // and the portable kernels, chunk by chunk, agree to float precision
    Network portable = new Network(spec, DataType.FLOAT, KernelFamily.portable());
    Snapshot state = engine.snapshot();
    portable.setState(state.parameters, state.statistics);
    INDArray out = Nd4j.create(DataType.FLOAT, rows, 3);
    portable.predict(Nd4j.create(x, new long[] {rows, 9}, 'c'), out);
    float[] expected = out.data().asFloat();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], one[i], 1e-5, "value " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(BnPlacement.class)
  void predictionsFollowTheParametersThroughTrainingAndRestore(BnPlacement bn) {
    NetworkSpec spec = new NetworkSpec(5, new int[] {16}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn,
        ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    MlpEngine engine = new MlpEngine(spec, new TrainingSettings(OptimizerKind.ADAM, 0.05, 0, 0, 32), 6);
    int rows = 200;
    Random random = new Random(3);
    float[] x = new float[rows * 5];
    float[] target = new float[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 5; j++) {
        x[i * 5 + j] = (float) random.nextGaussian();
      }
      target[i] = x[i * 5] > 0 ? 1 : 0;
    }
    float[] weight = new float[rows];
    java.util.Arrays.fill(weight, 1f);
    engine.startTraining(x, target, weight, rows);
    engine.trainEpoch();
    Snapshot first = engine.snapshot();
    float[] before = engine.predict(x, rows); // folds the network as it is now
    assertPortable(spec, first, x, rows, before);
    engine.trainEpoch();
    float[] after = engine.predict(x, rows);
    assertPortable(spec, engine.snapshot(), x, rows, after); // not the folded network of the first epoch
    engine.restore(first);
    assertArrayEquals(before, engine.predict(x, rows));
  }

  /** The portable kernels' layer-by-layer prediction from this state equals {@code actual}. */
  private static void assertPortable(NetworkSpec spec, Snapshot state, float[] x, int rows, float[] actual) {
    Network portable = new Network(spec, DataType.FLOAT, KernelFamily.portable());
    portable.setState(state.parameters, state.statistics);
    INDArray out = Nd4j.create(DataType.FLOAT, rows, spec.outputs);
    portable.predict(Nd4j.create(x, new long[] {rows, spec.inputs}, 'c'), out);
    float[] expected = out.data().asFloat();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5, "value " + i);
    }
  }

  /** Predictions handed to a sink, checking that every row arrives exactly once. */
  private static float[] throughSink(MlpEngine engine, int rows, RowSource source) {
    int outputs = engine.spec().outputs;
    float[] result = new float[rows * outputs];
    java.util.concurrent.atomic.AtomicIntegerArray delivered = new java.util.concurrent.atomic.AtomicIntegerArray(rows);
    engine.predict(rows, source, (from, to, out) -> {
      System.arraycopy(out, 0, result, from * outputs, (to - from) * outputs);
      for (int r = from; r < to; r++) {
        delivered.incrementAndGet(r);
      }
    });
    for (int r = 0; r < rows; r++) {
      assertEquals(1, delivered.get(r), "times row " + r + " was delivered");
    }
    return result;
  }
}
