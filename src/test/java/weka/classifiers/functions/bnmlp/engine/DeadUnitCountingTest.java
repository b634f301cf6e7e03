package weka.classifiers.functions.bnmlp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/**
 * Dead-unit counts on networks whose weights are set by hand so that the answer is known, and
 * whose zero fractions are recomputed by a plain-Java forward pass.
 */
class DeadUnitCountingTest {

  private static final TrainingSettings SETTINGS = new TrainingSettings(OptimizerKind.ADAM, 0.001, 0, 0, 8);

  /** Rows of two inputs, both in [lo, hi]. */
  private static float[] box(int rows, double lo, double hi, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rows * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (lo + (hi - lo) * random.nextDouble());
    }
    return x;
  }

  /**
   * Layer 1 (2 -> 4): u0 = x0 + x1, u1 = x0, u2 = -(x0 + x1), u3 = -1 (always dead). Layer 2
   * (4 -> 3): v0 = -2 (always dead), v1 = +1 (never dead), v2 = a(u2) (dead exactly when u2 never
   * fires).
   */
  private static MlpEngine constructed(ActivationKind activation, DataType dataType) {
    NetworkSpec spec = new NetworkSpec(2, new int[] {4, 3}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.NONE, activation, 0.1, InitScheme.HE, 0.1, 1e-5);
    ParameterLayout layout = new ParameterLayout(spec);
    double[] p = new double[(int) layout.size()];
    setWeight(p, layout, 0, 0, 0, 1);
    setWeight(p, layout, 0, 1, 0, 1);
    setWeight(p, layout, 0, 0, 1, 1);
    setWeight(p, layout, 0, 0, 2, -1);
    setWeight(p, layout, 0, 1, 2, -1);
    p[(int) layout.bias(0) + 3] = -1;
    p[(int) layout.bias(1)] = -2;
    p[(int) layout.bias(1) + 1] = 1;
    setWeight(p, layout, 1, 2, 2, 1);
    MlpEngine engine = new MlpEngine(spec, SETTINGS, 1, dataType);
    engine.restore(new Snapshot(p, new double[(int) Math.max(1, layout.statsSize())]));
    return engine;
  }

  /** Weight from input {@code i} to unit {@code j} of layer {@code l} (column-major block). */
  private static void setWeight(double[] p, ParameterLayout layout, int l, int i, int j, double value) {
    p[(int) layout.weights(l) + j * layout.in(l) + i] = value;
  }

  /** Independent forward pass of the constructed network: fraction of inactive inputs per layer. */
  private static double[] inactiveFractions(float[] x, int rows, double alpha, boolean strict) {
    double[] inactive = new double[2];
    for (int r = 0; r < rows; r++) {
      double x0 = x[2 * r];
      double x1 = x[2 * r + 1];
      double[] u = {x0 + x1, x0, -(x0 + x1), -1};
      double[] a = new double[4];
      for (int j = 0; j < 4; j++) {
        inactive[0] += (strict ? u[j] < 0 : u[j] <= 0) ? 1 : 0;
        a[j] = u[j] > 0 ? u[j] : alpha * u[j];
      }
      double[] v = {-2, 1, a[2]};
      for (double vj : v) {
        inactive[1] += (strict ? vj < 0 : vj <= 0) ? 1 : 0;
      }
    }
    return new double[] {inactive[0] / (rows * 4.0), inactive[1] / (rows * 3.0)};
  }

  /** In float the CPU kernels count in their folded prediction pass; in double the network's layers are run one by one. */
  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void countsKnownDeadUnitsOnEachDataSet(DataType dataType) {
    MlpEngine engine = constructed(ActivationKind.RELU, dataType);
    int rows = 2500; // more than one prediction chunk, so counts must accumulate across batches
    float[] positive = box(rows, 0.1, 1, 1);
    float[] negative = box(rows, -1, -0.1, 2);

    DeadUnitReport onPositive = engine.deadUnits(positive, rows);
    assertFalse(onPositive.isLeaky());
    assertEquals(rows, onPositive.instances());
    assertEquals(2, onPositive.layer(0).inactiveUnits(), "u2 and u3 never fire on positive inputs");
    assertEquals(2, onPositive.layer(1).inactiveUnits(), "v0, and v2 whose only input u2 is dead");

    DeadUnitReport onNegative = engine.deadUnits(negative, rows);
    assertEquals(3, onNegative.layer(0).inactiveUnits(), "u0, u1 and u3 never fire on negative inputs");
    assertEquals(1, onNegative.layer(1).inactiveUnits(), "only v0; u2 fires, so v2 does");

    double[] expected = inactiveFractions(positive, rows, 0, false);
    assertEquals(expected[0], onPositive.layer(0).inactiveFraction(), 1e-9);
    assertEquals(expected[1], onPositive.layer(1).inactiveFraction(), 1e-9);
    assertEquals(4, onPositive.totalInactiveUnits());
    assertEquals(7, onPositive.totalUnits());
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void leakyReluCountsAllNegativeUnitsAndSaysSo(DataType dataType) {
    MlpEngine engine = constructed(ActivationKind.LEAKY_RELU, dataType);
    int rows = 300;
    float[] positive = box(rows, 0.1, 1, 3);
    DeadUnitReport report = engine.deadUnits(positive, rows);
    assertTrue(report.isLeaky());
    assertEquals(2, report.layer(0).inactiveUnits());
    // v2 = 0.1 * u2 < 0 everywhere: all-negative, not dead (it still passes alpha * input)
    assertEquals(2, report.layer(1).inactiveUnits());
    double[] expected = inactiveFractions(positive, rows, 0.1, true);
    assertEquals(expected[0], report.layer(0).inactiveFraction(), 1e-9);
    assertEquals(expected[1], report.layer(1).inactiveFraction(), 1e-9);
    assertTrue(report.toTable("test").contains("all-neg"));
  }

  @Test
  void noUnitIsDeadWhenEveryUnitSeesBothSigns() {
    NetworkSpec spec = new NetworkSpec(2, new int[] {4}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.NONE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    ParameterLayout layout = new ParameterLayout(spec);
    double[] p = new double[(int) layout.size()];
    setWeight(p, layout, 0, 0, 0, 1);
    setWeight(p, layout, 0, 0, 1, -1);
    setWeight(p, layout, 0, 1, 2, 1);
    setWeight(p, layout, 0, 1, 3, -1);
    MlpEngine engine = new MlpEngine(spec, SETTINGS, 1);
    engine.restore(new Snapshot(p, new double[1]));
    DeadUnitReport report = engine.deadUnits(box(200, -1, 1, 4), 200);
    assertEquals(0, report.totalInactiveUnits());
    assertEquals(0.5, report.layer(0).inactiveFraction(), 0.1);
  }

  @Test
  void batchNormBeforeActivationCanBeForcedDeadThroughGammaAndBeta() {
    NetworkSpec spec = new NetworkSpec(2, new int[] {3}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.BEFORE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    ParameterLayout layout = new ParameterLayout(spec);
    double[] p = new double[(int) layout.size()];
    setWeight(p, layout, 0, 0, 0, 1);
    setWeight(p, layout, 0, 0, 1, 1);
    setWeight(p, layout, 0, 0, 2, 1);
    int g = (int) layout.gamma(0);
    int b = (int) layout.beta(0);
    p[g] = 0;
    p[b] = -1; // BN output -1 for every instance: dead
    p[g + 1] = 0;
    p[b + 1] = 0.5; // +0.5 for every instance: alive
    p[g + 2] = 1;
    p[b + 2] = 0; // follows x0, which takes both signs: alive
    double[] stats = new double[(int) layout.statsSize()];
    for (int j = 0; j < 3; j++) {
      stats[3 + j] = 1; // running variance 1, mean 0
    }
    MlpEngine engine = new MlpEngine(spec, SETTINGS, 1);
    engine.restore(new Snapshot(p, stats));
    DeadUnitReport report = engine.deadUnits(box(100, -1, 1, 5), 100);
    assertEquals(1, report.layer(0).inactiveUnits());
  }
}
