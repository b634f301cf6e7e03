package weka.classifiers.functions.bnmlp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import weka.classifiers.functions.bnmlp.gemm.OpenBlasSgemm;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;

/**
 * Batch normalization of one layer against a plain-Java reference: forward with batch statistics,
 * backward through the explicit Jacobian of the normalization, running statistics, and prediction
 * that uses only the running statistics.
 */
class BatchNormReferenceTest {

  private static final int UNITS = 3;
  private static final int ROWS = 5;
  private static final double EPS = 1e-5;
  private static final double MOMENTUM = 0.1;

  private final Random random = new Random(3);
  private final double[][] u = new double[ROWS][UNITS];
  private final double[] gamma = {1.5, 0.7, -0.4};
  private final double[] beta = {0.2, -0.3, 0.9};

  /**
   * One hidden layer whose Linear part is the identity (so the BN input is the data itself) and
   * whose activation is LeakyReLU with slope 1 (the identity), isolating BN.
   */
  private DataType type = DataType.DOUBLE;
  private KernelFamily kernels = KernelFamily.portable();
  private double tolerance = 1e-12;

  static Stream<Arguments> kernelVariants() {
    return Stream.of(Arguments.of("portable ND4J ops, double", DataType.DOUBLE, KernelFamily.portable(), 1e-10),
        Arguments.of("CPU kernels on the JVM's matrix library (BN on oneDNN from AVX2 on), float", DataType.FLOAT,
            new CpuFamily(), 5e-5),
        Arguments.of("CPU kernels on OpenBLAS (the package's own BN loops), float", DataType.FLOAT,
            new CpuFamily(() -> 2, Nd4jRuntime.get(OpenBlasSgemm::new)), 5e-5));
  }

  private void use(DataType t, KernelFamily k, double tol) {
    type = t;
    kernels = k;
    tolerance = tol;
  }

  private HiddenLayer identityLayer(FlatVectors[] flatOut) {
    NetworkSpec spec = new NetworkSpec(UNITS, new int[] {UNITS}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.BEFORE, ActivationKind.LEAKY_RELU, 1.0, InitScheme.HE, MOMENTUM, EPS);
    ParameterLayout layout = new ParameterLayout(spec);
    FlatVectors flat = new FlatVectors(layout, type);
    for (int j = 0; j < UNITS; j++) {
      flat.params.putScalar(layout.weights(0) + j * UNITS + j, 1.0); // column-major identity
      flat.params.putScalar(layout.gamma(0) + j, gamma[j]);
      flat.params.putScalar(layout.beta(0) + j, beta[j]);
      flat.stats.putScalar(layout.runningStats(0) + UNITS + j, 1.0);
    }
    flatOut[0] = flat;
    return new HiddenLayer(spec, layout, 0, flat, kernels);
  }

  private INDArray input() {
    INDArray x = Nd4j.create(type, ROWS, UNITS);
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < UNITS; j++) {
        u[i][j] = 2 * random.nextGaussian() + j;
        x.putScalar(i, j, u[i][j]);
      }
    }
    return x;
  }

  private double mean(int j) {
    double s = 0;
    for (double[] row : u) {
      s += row[j];
    }
    return s / ROWS;
  }

  private double biasedVariance(int j) {
    double m = mean(j);
    double s = 0;
    for (double[] row : u) {
      s += (row[j] - m) * (row[j] - m);
    }
    return s / ROWS;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernelVariants")
  void trainingForwardAndRunningStatisticsMatchReference(String variant, DataType t, KernelFamily chosen, double tol) {
    use(t, chosen, tol);
    FlatVectors[] flat = new FlatVectors[1];
    HiddenLayer layer = identityLayer(flat);
    INDArray out = layer.forward(input(), true);
    for (int j = 0; j < UNITS; j++) {
      double m = mean(j);
      double inv = 1 / Math.sqrt(biasedVariance(j) + EPS);
      for (int i = 0; i < ROWS; i++) {
        assertEquals(gamma[j] * (u[i][j] - m) * inv + beta[j], out.getDouble(i, j), tolerance);
      }
      // running: (1 - momentum) * old + momentum * batch, variance unbiased
      assertEquals(MOMENTUM * m, flat[0].stats.getDouble(j), tolerance);
      assertEquals((1 - MOMENTUM) + MOMENTUM * biasedVariance(j) * ROWS / (ROWS - 1.0),
          flat[0].stats.getDouble(UNITS + j), tolerance);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernelVariants")
  void backwardMatchesExplicitJacobian(String variant, DataType t, KernelFamily chosen, double tol) {
    use(t, chosen, tol);
    FlatVectors[] flat = new FlatVectors[1];
    HiddenLayer layer = identityLayer(flat);
    layer.forward(input(), true);
    double[][] dy = new double[ROWS][UNITS];
    INDArray dOut = Nd4j.create(type, ROWS, UNITS);
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < UNITS; j++) {
        dy[i][j] = random.nextGaussian();
        dOut.putScalar(i, j, dy[i][j]);
      }
    }
    INDArray dIn = layer.backward(dOut, true, null); // identity Linear: input gradient = BN input gradient
    ParameterLayout layout = new ParameterLayout(new NetworkSpec(UNITS, new int[] {UNITS}, 2,
        NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, BnPlacement.BEFORE, ActivationKind.LEAKY_RELU, 1.0,
        InitScheme.HE, MOMENTUM, EPS));
    for (int j = 0; j < UNITS; j++) {
      double m = mean(j);
      double inv = 1 / Math.sqrt(biasedVariance(j) + EPS);
      double[] xhat = new double[ROWS];
      for (int i = 0; i < ROWS; i++) {
        xhat[i] = (u[i][j] - m) * inv;
      }
      double dGamma = 0;
      double dBeta = 0;
      for (int i = 0; i < ROWS; i++) {
        dGamma += dy[i][j] * xhat[i];
        dBeta += dy[i][j];
      }
      assertEquals(dGamma, flat[0].grads.getDouble(layout.gamma(0) + j), tolerance);
      assertEquals(dBeta, flat[0].grads.getDouble(layout.beta(0) + j), tolerance);
      for (int k = 0; k < ROWS; k++) {
        // d y_i / d u_k = gamma * inv * (delta_ik - 1/B - xhat_i * xhat_k / B)
        double expected = 0;
        for (int i = 0; i < ROWS; i++) {
          double jacobian = gamma[j] * inv * ((i == k ? 1 : 0) - 1.0 / ROWS - xhat[i] * xhat[k] / ROWS);
          expected += dy[i][j] * jacobian;
        }
        assertEquals(expected, dIn.getDouble(k, j), tolerance);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernelVariants")
  void predictionUsesRunningStatisticsOnly(String variant, DataType t, KernelFamily chosen, double tol) {
    use(t, chosen, tol);
    FlatVectors[] flat = new FlatVectors[1];
    HiddenLayer layer = identityLayer(flat);
    layer.forward(input(), true);
    double[] runningMean = new double[UNITS];
    double[] runningVar = new double[UNITS];
    for (int j = 0; j < UNITS; j++) {
      runningMean[j] = flat[0].stats.getDouble(j);
      runningVar[j] = flat[0].stats.getDouble(UNITS + j);
    }
    INDArray batch = input();
    double[][] rows = new double[ROWS][];
    INDArray all = layer.forward(batch, false).dup();
    for (int i = 0; i < ROWS; i++) {
      rows[i] = layer.forward(batch.getRow(i, true).dup(), false).toDoubleVector();
      for (int j = 0; j < UNITS; j++) {
        double expected = gamma[j] * (u[i][j] - runningMean[j]) / Math.sqrt(runningVar[j] + EPS) + beta[j];
        assertEquals(expected, all.getDouble(i, j), tolerance);
      }
      assertArrayEquals(all.getRow(i).toDoubleVector(), rows[i], tolerance,
          "an instance's prediction must not depend on the other instances of its batch");
    }
    // prediction leaves the running statistics alone
    for (int j = 0; j < UNITS; j++) {
      assertEquals(runningMean[j], flat[0].stats.getDouble(j), 0.0);
    }
  }
}
