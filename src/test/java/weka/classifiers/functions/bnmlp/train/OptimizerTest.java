package weka.classifiers.functions.bnmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;

/** The flat-vector update against Adam and SGD computed by hand, including the L2 term. */
class OptimizerTest {

  private Network tinyNetwork() {
    NetworkSpec spec = new NetworkSpec(2, new int[] {2}, 2, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY,
        BnPlacement.NONE, ActivationKind.RELU, 0, InitScheme.HE, 0.1, 1e-5);
    Network net = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    net.initialise(5);
    return net;
  }

  private static double[] gradient(int n, int step) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = Math.sin(1 + i + 3 * step);
    }
    return g;
  }

  @Test
  void adamMatchesHandComputedSteps() {
    Network net = tinyNetwork();
    double lr = 0.01;
    double l2 = 0.1;
    Optimizer optimizer = new Optimizer(net, new TrainingSettings(OptimizerKind.ADAM, lr, 0, l2, 8));
    double[] p = net.parameters();
    int n = p.length;
    int weights = (int) net.layout.weightCount();
    double[] m = new double[n];
    double[] v = new double[n];
    for (int step = 0; step < 3; step++) {
      double[] g = gradient(n, step);
      net.flat.grads.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(g));
      optimizer.apply();
      for (int i = 0; i < n; i++) {
        double gi = g[i] + (i < weights ? l2 * p[i] : 0);
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        // Adam in the paper's "efficient" form (Kingma & Ba, sec. 2): bias corrections folded into the rate
        double rate = lr * Math.sqrt(1 - Math.pow(0.999, step + 1)) / (1 - Math.pow(0.9, step + 1));
        p[i] -= rate * m[i] / (Math.sqrt(v[i]) + 1e-8);
      }
      double[] actual = net.parameters();
      for (int i = 0; i < n; i++) {
        assertEquals(p[i], actual[i], 1e-12, "parameter " + i + " after step " + (step + 1));
      }
    }
  }

  @Test
  void plainSgdSubtractsLearningRateTimesGradient() {
    Network net = tinyNetwork();
    Optimizer optimizer = new Optimizer(net, new TrainingSettings(OptimizerKind.SGD, 0.5, 0, 0, 8));
    double[] p = net.parameters();
    double[] g = gradient(p.length, 0);
    net.flat.grads.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(g));
    optimizer.apply();
    double[] actual = net.parameters();
    for (int i = 0; i < p.length; i++) {
      assertEquals(p[i] - 0.5 * g[i], actual[i], 1e-12);
    }
  }
}
