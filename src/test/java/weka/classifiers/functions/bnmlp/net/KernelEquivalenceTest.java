package weka.classifiers.functions.bnmlp.net;

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
import weka.classifiers.functions.bnmlp.train.Optimizer;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/**
 * The fused CPU kernels give the same loss, gradient, running statistics and predictions as the
 * portable ND4J kernels (which the finite-difference gradient check verifies), in float32.
 */
class KernelEquivalenceTest {

  /**
   * Every layer configuration, on one thread and split over two and three (uneven pieces), with the
   * matrix products on each library.
   */
  static Stream<Arguments> configurations() {
    return GradientCheckTest.configurations().flatMap(c -> Stream.of(1, 2, 3).flatMap(threads -> Stream.of(
        "OpenBLAS", "oneDNN").map(library -> {
          Object[] base = c.get();
          return Arguments.of(base[0], base[1], base[2], threads, library);
        })));
  }

  @ParameterizedTest(name = "bn {0}, {1}, {2}, {3} threads, {4}")
  @MethodSource("configurations")
  void cpuKernelsMatchPortableKernels(BnPlacement bn, ActivationKind act, NetworkSpec.Loss loss, int threads,
      String library) {
    int outputs = loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY ? 4 : 1;
    // 40 and 33 units: split into column pieces of 16 (the kernels' alignment) with a ragged last one
    NetworkSpec spec = new NetworkSpec(7, new int[] {40, 33}, outputs, loss, bn, act, 0.1, InitScheme.HE, 0.1, 1e-5);
    Sgemm gemm = library.equals("oneDNN") ? MatrixLibraryTest.oneDnn() : new OpenBlasSgemm();
    assertFusedMatchesPortable(spec, threads, gemm);
  }

  /**
   * Layers of 64 and 96 units, multiples of 32: where oneDNN runs BN before ReLU, its forward step is
   * split over the threads by rows, with the statistics summed by the package's loops.
   */
  @ParameterizedTest(name = "{0} threads")
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3})
  void cpuKernelsWithBnSplitByRowsMatchPortableKernels(int threads) {
    NetworkSpec spec = new NetworkSpec(7, new int[] {64, 96}, 4, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.BEFORE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    assertFusedMatchesPortable(spec, threads, MatrixLibraryTest.oneDnn());
  }

  private static void assertFusedMatchesPortable(NetworkSpec spec, int threads, Sgemm gemm) {
    int outputs = spec.outputs;
    Network portable = new Network(spec, DataType.FLOAT, KernelFamily.portable());
    Network fused = new Network(spec, DataType.FLOAT, new CpuFamily(() -> threads, gemm));
    portable.initialise(3);
    fused.initialise(3);
    // a non-zero first-layer bias, which prediction must add even where training leaves it out
    for (Network n : new Network[] {portable, fused}) {
      n.flat.vector(n.flat.params, n.layout.bias(0), spec.hidden[0]).assign(0.3);
    }

    Random random = new Random(5);
    int rows = 150; // more than two of CpuKernels' 64-row accumulation blocks
    INDArray x = Nd4j.create(DataType.FLOAT, rows, 7);
    INDArray t = Nd4j.create(DataType.FLOAT, rows, outputs);
    INDArray w = Nd4j.create(DataType.FLOAT, rows, 1);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 7; j++) {
        x.putScalar(i, j, 2 * random.nextGaussian() + 0.5);
      }
      if (outputs == 1) {
        t.putScalar(i, 0, random.nextGaussian());
      } else {
        t.putScalar(i, random.nextInt(outputs), 1);
      }
      w.putScalar(i, 0, 0.2 + random.nextDouble());
    }
    for (int step = 0; step < 2; step++) {
      assertEquals(portable.lossAndGradient(x, t, w), fused.lossAndGradient(x, t, w), 1e-5);
      assertClose(portable.flat.grads, fused.flat.grads, "gradient, pass " + step);
    }
    assertClose(portable.flat.stats, fused.flat.stats, "running statistics");
    INDArray a = Nd4j.create(DataType.FLOAT, rows, outputs);
    INDArray b = Nd4j.create(DataType.FLOAT, rows, outputs);
    portable.predict(x, a);
    fused.predict(x, b);
    assertClose(a, b, "predictions");
    // one and two rows take the matrix-vector path and stay on the calling thread
    for (int few = 1; few <= 2; few++) {
      INDArray head = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, few),
          org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
      INDArray one = Nd4j.create(DataType.FLOAT, few, outputs);
      fused.predict(head, one);
      assertClose(a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, few),
          org.nd4j.linalg.indexing.NDArrayIndex.all()), one, few + " row prediction");
    }
  }

  @ParameterizedTest(name = "{0}, momentum {1}, l2 {2}")
  @org.junit.jupiter.params.provider.CsvSource({"ADAM,0,0", "ADAM,0,0.01", "SGD,0.9,0.001", "SGD,0,0"})
  void optimizerStepsMatchNd4jUpdaterOps(weka.classifiers.functions.bnmlp.options.OptimizerKind kind,
      double momentum, double l2) {
    NetworkSpec spec = new NetworkSpec(5, new int[] {1100}, 3, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.BEFORE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5); // > 1024 parameters per chunk
    Network portable = new Network(spec, DataType.FLOAT, KernelFamily.portable());
    Network fused = new Network(spec, DataType.FLOAT, new CpuFamily());
    portable.initialise(8);
    fused.initialise(8);
    TrainingSettings settings = new TrainingSettings(kind, 0.01, momentum, l2, 16);
    Optimizer a = new Optimizer(portable, settings);
    Optimizer b = new Optimizer(fused, settings);
    Random random = new Random(9);
    for (int step = 0; step < 3; step++) {
      double[] g = new double[(int) portable.layout.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = random.nextGaussian();
      }
      portable.flat.grads.assign(Nd4j.createFromArray(g).castTo(DataType.FLOAT));
      fused.flat.grads.assign(Nd4j.createFromArray(g).castTo(DataType.FLOAT));
      a.apply();
      b.apply();
      assertClose(portable.flat.params, fused.flat.params, "parameters after step " + (step + 1));
    }
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double[] e = expected.reshape(expected.length()).toDoubleVector();
    double[] g = actual.reshape(actual.length()).toDoubleVector();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], g[i], 1e-5 + 1e-4 * Math.abs(e[i]), what + " element " + i);
    }
  }
}
