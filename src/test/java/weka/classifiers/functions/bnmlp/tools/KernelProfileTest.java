package weka.classifiers.functions.bnmlp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;

/** The product count behind kernel-profile's step_gflops, against a count by hand. */
class KernelProfileTest {

  @Test
  void aReferenceStepsProductsAreCountedAsByHand() {
    NetworkSpec spec = new NetworkSpec(64, new int[] {256, 256, 256}, 10, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.BEFORE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    // forward and weight gradient for 64x256 (no input gradient for the first layer); forward,
    // weight and input gradient for 256x256 twice and 256x10; 2 flops per multiply-add, 256 rows
    double byHand = 2 * (2.0 * 256 * 64 * 256) + 2 * 3 * (2.0 * 256 * 256 * 256) + 3 * (2.0 * 256 * 256 * 10);
    assertEquals(222_035_968, byHand, 0);
    assertEquals(byHand, KernelProfile.productFlops(spec, 256), 0);
  }
}
