package weka.classifiers.functions.bnmlp.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.LayerActivity;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * Accumulates, over forward passes, each hidden unit's largest activation output and how often it
 * was inactive; a unit whose largest output is {@code <= 0} (ReLU) or {@code < 0} (LeakyReLU) over
 * the whole data set never fired. With a slope in [0, 1) the output has the sign of the input, so
 * this is the same test on the activation's input, which the fused kernels do not keep.
 */
final class ActivityCounter {

  private final Network network;
  private final boolean leaky;
  private final INDArray[] maxOutput;
  private final double[] inactiveCount;
  private int rows;

  ActivityCounter(Network network) {
    this.network = network;
    // a LeakyReLU of slope 0 outputs 0 for negative inputs: count it like a ReLU
    this.leaky = network.spec.activation == ActivationKind.LEAKY_RELU && network.spec.alpha > 0;
    int layers = network.hiddenLayerCount();
    maxOutput = new INDArray[layers];
    inactiveCount = new double[layers];
  }

  /** Adds one minibatch; the network must just have run {@code forward(batch, ...)}. */
  void addForwardPass(int batchRows) {
    for (int l = 0; l < maxOutput.length; l++) {
      INDArray post = network.hiddenLayer(l).activationOutput();
      INDArray batchMax = post.max(0);
      maxOutput[l] = maxOutput[l] == null ? batchMax : Transforms.max(maxOutput[l], batchMax, false);
      INDArray inactive = leaky ? post.lt(0) : post.lte(0);
      inactiveCount[l] += inactive.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }
    rows += batchRows;
  }

  DeadUnitReport report() {
    LayerActivity[] layers = new LayerActivity[maxOutput.length];
    for (int l = 0; l < layers.length; l++) {
      int units = network.hiddenLayer(l).units();
      int dead = 0;
      if (maxOutput[l] != null) {
        INDArray never = leaky ? maxOutput[l].lt(0) : maxOutput[l].lte(0);
        dead = never.castTo(DataType.INT32).sumNumber().intValue();
      }
      double fraction = rows == 0 ? 0 : inactiveCount[l] / ((double) rows * units);
      layers[l] = new LayerActivity(units, dead, fraction);
    }
    return new DeadUnitReport(leaky, rows, layers);
  }
}
