package weka.classifiers.functions.bnmlp.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.Stream;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;

/** The analytic gradient of every parameter against central finite differences, in double precision. */
public class GradientCheckTest {

  public static Stream<Arguments> configurations() {
    Stream.Builder<Arguments> all = Stream.builder();
    for (BnPlacement bn : BnPlacement.values()) {
      for (ActivationKind act : ActivationKind.values()) {
        for (NetworkSpec.Loss loss : NetworkSpec.Loss.values()) {
          all.add(Arguments.of(bn, act, loss));
        }
      }
    }
    return all.build();
  }

  @ParameterizedTest(name = "bn {0}, {1}, {2}")
  @MethodSource("configurations")
  void analyticGradientMatchesFiniteDifferences(BnPlacement bn, ActivationKind act, NetworkSpec.Loss loss) {
    int outputs = loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY ? 3 : 1;
    NetworkSpec spec = new NetworkSpec(4, new int[] {5, 6}, outputs, loss, bn, act, 0.1, InitScheme.HE, 0.1, 1e-5);
    Network net = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    net.initialise(42);
    // biases and BN parameters away from their initial values, so their gradients are exercised
    Random random = new Random(7);
    double[] p = net.parameters();
    for (int i = (int) net.layout.weightCount(); i < p.length; i++) {
      p[i] += 0.3 * random.nextGaussian();
    }
    net.setState(p, net.statistics());

    int rows = 9;
    INDArray x = Nd4j.create(DataType.DOUBLE, rows, 4);
    INDArray target = Nd4j.create(DataType.DOUBLE, rows, outputs);
    INDArray weight = Nd4j.create(DataType.DOUBLE, rows, 1);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 4; j++) {
        x.putScalar(i, j, random.nextGaussian());
      }
      if (outputs == 1) {
        target.putScalar(i, 0, random.nextGaussian());
      } else {
        target.putScalar(i, random.nextInt(outputs), 1.0);
      }
      weight.putScalar(i, 0, 0.5 + random.nextDouble());
    }

    net.lossAndGradient(x, target, weight);
    double[] analytic = net.flat.grads.toDoubleVector();
    double h = 1e-6;
    double worst = 0;
    String worstAt = "";
    for (int i = 0; i < p.length; i++) {
      double original = net.flat.params.getDouble(i);
      net.flat.params.putScalar(i, original + h);
      double plus = net.lossAndGradient(x, target, weight);
      net.flat.params.putScalar(i, original - h);
      double minus = net.lossAndGradient(x, target, weight);
      net.flat.params.putScalar(i, original);
      double numeric = (plus - minus) / (2 * h);
      double error = Math.abs(numeric - analytic[i]) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic[i]));
      if (error > worst) {
        worst = error;
        worstAt = "parameter " + i + ": analytic " + analytic[i] + ", numeric " + numeric;
      }
    }
    assertTrue(worst < 1e-5, "largest relative error " + worst + " at " + worstAt);
  }
}
