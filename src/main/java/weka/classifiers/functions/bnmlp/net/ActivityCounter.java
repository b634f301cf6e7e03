package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.LayerActivity;
import weka.classifiers.functions.bnmlp.options.ActivationKind;

/**
 * Accumulates, over prediction-mode minibatches, each hidden unit's largest activation input and
 * how often it was inactive; a unit whose largest input is {@code <= 0} (ReLU) or {@code < 0}
 * (LeakyReLU) over the whole data set never fired.
 */
final class ActivityCounter {

  private final Network network;
  private final boolean leaky;
  private final INDArray[] maxInput;
  private final double[] inactiveCount;
  private int rows;

  ActivityCounter(Network network) {
    this.network = network;
    this.leaky = network.spec.activation == ActivationKind.LEAKY_RELU;
    int layers = network.hiddenLayerCount();
    maxInput = new INDArray[layers];
    inactiveCount = new double[layers];
  }

  /** Adds one minibatch; the network must just have run {@code forward(batch, false)}. */
  void addForwardPass(int batchRows) {
    for (int l = 0; l < maxInput.length; l++) {
      INDArray pre = network.hiddenLayer(l).activationInput();
      INDArray batchMax = pre.max(0);
      maxInput[l] = maxInput[l] == null ? batchMax : Transforms.max(maxInput[l], batchMax, false);
      INDArray inactive = leaky ? pre.lt(0) : pre.lte(0);
      inactiveCount[l] += inactive.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }
    rows += batchRows;
  }

  DeadUnitReport report() {
    LayerActivity[] layers = new LayerActivity[maxInput.length];
    for (int l = 0; l < layers.length; l++) {
      int units = network.hiddenLayer(l).units();
      int dead = 0;
      if (maxInput[l] != null) {
        INDArray never = leaky ? maxInput[l].lt(0) : maxInput[l].lte(0);
        dead = never.castTo(DataType.INT32).sumNumber().intValue();
      }
      double fraction = rows == 0 ? 0 : inactiveCount[l] / ((double) rows * units);
      layers[l] = new LayerActivity(units, dead, fraction);
    }
    return new DeadUnitReport(leaky, rows, layers);
  }
}
