package weka.classifiers.functions.bnmlp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.backend.MemoryLimits;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/** The memory estimate against the layout the network really allocates, and the refusals from fixtures. */
class MemoryEstimateTest {

  private static final long GB = 1_000_000_000L;
  private static final MemoryLimits ROOMY = new MemoryLimits(3 * GB, 4 * GB, 20 * GB, 1 * GB);
  private static final TrainingSettings ADAM = new TrainingSettings(OptimizerKind.ADAM, 1e-3, 0.9, 0, 32);

  private static NetworkSpec spec(int inputs, int[] hidden, BnPlacement bn) {
    return new NetworkSpec(inputs, hidden, 3, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn, ActivationKind.RELU,
        0.01, InitScheme.HE, 0.1, 1e-5);
  }

  @ParameterizedTest(name = "bn {0}")
  @CsvSource({"NONE", "BEFORE", "AFTER"})
  void parametersAreThoseTheLayoutAllocates(BnPlacement bn) {
    NetworkSpec spec = spec(7, new int[] {5, 4, 6}, bn);
    ParameterLayout layout = new ParameterLayout(spec);
    // by hand: weights 7*5 + 5*4 + 4*6 + 6*3 = 97; biases 5+4+6+3 = 18; BN gamma, beta and 2 statistics per unit
    long byHand = 97 + 18 + (bn == BnPlacement.NONE ? 0 : 4 * 15);
    assertEquals(byHand, layout.size() + (bn == BnPlacement.NONE ? 0 : layout.statsSize()));
    assertEquals(byHand, MemoryEstimate.of(spec, ADAM, 100, 2).parameters);
  }

  @Test
  void aSmallNetworkFits() {
    assertNull(MemoryEstimate.of(spec(4, new int[] {64, 64}, BnPlacement.BEFORE), ADAM, 150, 2).refusal(ROOMY));
  }

  @Test
  void aNetworkBeyondTheMachineIsRefusedNamingEstimateLimitAndRemedy() {
    MemoryEstimate e = MemoryEstimate.of(spec(4, new int[] {100000, 100000}, BnPlacement.BEFORE), ADAM, 150, 2);
    // 1e10 weights: parameters, gradients and Adam's two moments alone are 160 GB of float32
    assertTrue(e.offHeapBytes > 160 * GB, "" + e.offHeapBytes);
    String message = e.refusal(ROOMY);
    assertTrue(message.contains("not enough memory"), message);
    // by hand: weights 4e5 + 1e10 + 3e5, biases 200,003, BN gamma, beta and two statistics 800,000
    assertTrue(message.contains("10,001,700,003 parameters"), message);
    assertTrue(message.contains("20.0 GB available"), message);
    assertTrue(message.contains("-hidden 100000,100000"), message);
    assertTrue(message.contains("more memory"), message);
  }

  @Test
  void aNetworkThatFitsTheMachineButNotTheHeapAsksForXmx() {
    // 20000 x 20000 = 4e8 weights: folding the largest layer for prediction takes 4.8 GB of heap (double + float)
    MemoryEstimate e = MemoryEstimate.of(spec(4, new int[] {20000, 20000}, BnPlacement.BEFORE), ADAM, 150, 2);
    MemoryLimits bigMachine = new MemoryLimits(3 * GB, 4 * GB, 200 * GB, 1 * GB);
    String message = e.refusal(bigMachine);
    assertTrue(message.contains("larger -Xmx"), message);
    assertNull(e.refusal(new MemoryLimits(30 * GB, 32 * GB, 200 * GB, 10 * GB)), "fits with -Xmx32g on 200 GB");
  }

  @Test
  void moreParametersThanAnArrayHoldsAreRefusedEvenWithTheMemory() {
    MemoryEstimate e = MemoryEstimate.of(spec(4, new int[] {50000, 50000}, BnPlacement.NONE), ADAM, 150, 2);
    MemoryLimits huge = new MemoryLimits(1000 * GB, 1000 * GB, 10_000 * GB, 0);
    String message = e.refusal(huge);
    assertTrue(message.contains("fit in one array"), message);
  }

  @Test
  void anOutOfMemoryErrorInsideTheEngineBecomesAMessage() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Nd4jRuntime.get(() -> {
          throw new OutOfMemoryError("Java heap space");
        }));
    assertTrue(e.getMessage().contains("ran out of memory (Java heap space)") && e.getMessage().contains("-Xmx"),
        e.getMessage());
  }

  @Test
  void hiddenSizesAreDescribedAsTheOptionTakesThem() {
    assertEquals("256,64x50", spec(4, concat(new int[] {256}, repeat(64, 50)), BnPlacement.NONE).describeHidden());
    assertEquals("32,32,16", spec(4, new int[] {32, 32, 16}, BnPlacement.NONE).describeHidden());
  }

  private static int[] repeat(int value, int times) {
    int[] a = new int[times];
    java.util.Arrays.fill(a, value);
    return a;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
