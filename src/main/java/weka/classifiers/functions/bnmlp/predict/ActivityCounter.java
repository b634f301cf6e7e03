package weka.classifiers.functions.bnmlp.predict;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.net.Network;

/**
 * Accumulates, over forward passes, each hidden unit's largest activation output and how often it
 * was inactive; a unit whose largest output is {@code <= 0} (ReLU) or {@code < 0} (LeakyReLU) over
 * the whole data set never fired. With a slope in [0, 1) the output has the sign of the input, so
 * this is the same test on the activation's input, which the fused kernels do not keep. The layer by
 * layer count, through the network's own forward pass (the folded prediction counts in its own pass).
 */
public final class ActivityCounter {

  private final Network network;
  private final boolean leaky;
  private final INDArray[] maxOutput;
  private final double[] inactiveCount;
  private int rows;

  public ActivityCounter(Network network) {
    this.network = network;
    // a LeakyReLU of slope 0 outputs 0 for negative inputs: count it like a ReLU
    this.leaky = network.spec.activation == ActivationKind.LEAKY_RELU && network.spec.alpha > 0;
    int layers = network.hiddenLayerCount();
    maxOutput = new INDArray[layers];
    inactiveCount = new double[layers];
  }

  /** Adds one minibatch; the network must just have run {@code forward(batch, ...)}. */
  public void addForwardPass(int batchRows) {
    for (int l = 0; l < maxOutput.length; l++) {
      INDArray post = network.hiddenLayer(l).activationOutput();
      INDArray batchMax = post.max(0);
      maxOutput[l] = maxOutput[l] == null ? batchMax : Transforms.max(maxOutput[l], batchMax, false);
      INDArray inactive = leaky ? post.lt(0) : post.lte(0);
      inactiveCount[l] += inactive.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }
    rows += batchRows;
  }

  public DeadUnitReport report() {
    return activity().report();
  }

  /** The counts so far, in the form that adds up over parts of a data set. */
  public UnitActivity activity() {
    double[][] max = new double[maxOutput.length][];
    for (int l = 0; l < max.length; l++) {
      int units = network.hiddenLayer(l).units();
      if (maxOutput[l] == null) {
        max[l] = new double[units];
        java.util.Arrays.fill(max[l], Double.NEGATIVE_INFINITY);
      } else {
        max[l] = maxOutput[l].castTo(DataType.DOUBLE).toDoubleVector();
      }
    }
    return new UnitActivity(leaky, max, inactiveCount.clone(), rows);
  }
}
