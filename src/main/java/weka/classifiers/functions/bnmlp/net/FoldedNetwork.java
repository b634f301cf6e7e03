package weka.classifiers.functions.bnmlp.net;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.options.BnPlacement;

/**
 * The network as the CPU kernels predict with it. At prediction time BN uses its running statistics,
 * so it is an affine map per unit, {@code s x + t}, that can be folded into a neighbouring linear
 * layer: BN before the activation into the weights and bias of its own layer, BN after the activation
 * into those of the next layer (whose input it scales and shifts). Every layer is then one matrix
 * product with bias and an activation, with no BN pass over the rows, in any placement. The folded
 * parameters are computed in double precision, once per set of parameters; predictions agree with the
 * layer-by-layer computation to float rounding.
 */
final class FoldedNetwork {

  final int inputs;
  final int outputs;
  private final boolean softmax;
  /** Per layer (hidden layers, then the output layer): column-major [in, out], as the network's. */
  private final INDArray[] weights;
  private final INDArray[] biases;
  private final float alpha;

  private FoldedNetwork(Network network) {
    NetworkSpec spec = network.spec;
    ParameterLayout layout = network.layout;
    double[] p = network.parameters();
    double[] stats = network.statistics();
    int layers = spec.layerCount();
    inputs = spec.inputs;
    outputs = spec.outputs;
    softmax = spec.loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY;
    alpha = (float) spec.alpha;
    weights = new INDArray[layers + 1];
    biases = new INDArray[layers + 1];
    double[] carryScale = null; // BN after the previous layer's activation: its input is s a + t
    double[] carryShift = null;
    for (int l = 0; l <= layers; l++) {
      int in = layout.in(l);
      int out = layout.out(l);
      int w0 = (int) layout.weights(l);
      double[] w = new double[in * out]; // unit j's weights at j * in
      double[] b = new double[out];
      for (int j = 0; j < out; j++) {
        double bias = p[(int) layout.bias(l) + j];
        for (int i = 0; i < in; i++) {
          double wji = p[w0 + j * in + i];
          if (carryScale != null) {
            bias += carryShift[i] * wji;
            wji *= carryScale[i];
          }
          w[j * in + i] = wji;
        }
        b[j] = bias;
      }
      carryScale = null;
      carryShift = null;
      if (l < layers && spec.bn != BnPlacement.NONE) {
        double[] s = new double[out];
        double[] t = new double[out];
        int stats0 = (int) layout.runningStats(l);
        for (int j = 0; j < out; j++) {
          double gamma = p[(int) layout.gamma(l) + j];
          double beta = p[(int) layout.beta(l) + j];
          double mean = stats[stats0 + j];
          double var = stats[stats0 + out + j];
          s[j] = gamma / Math.sqrt(var + spec.bnEpsilon);
          t[j] = beta - mean * s[j];
        }
        if (spec.bn == BnPlacement.BEFORE) {
          for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
              w[j * in + i] *= s[j];
            }
            b[j] = s[j] * b[j] + t[j];
          }
        } else {
          carryScale = s;
          carryShift = t;
        }
      }
      weights[l] = Nd4j.createFromArray(toFloats(w)).reshape('f', in, out);
      biases[l] = Nd4j.createFromArray(toFloats(b));
    }
  }

  /** The folded form of the network's current parameters and running statistics. */
  static FoldedNetwork of(Network network) {
    return new FoldedNetwork(network);
  }

  private static float[] toFloats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  /** One thread's activation buffers for the folded network, and the kernels it runs on. */
  static final class Runner {

    private final CpuKernels kernels;
    private INDArray[] z;

    Runner(CpuKernels kernels) {
      this.kernels = kernels;
    }

    /** Class probabilities (or numeric outputs) for the rows of {@code x}, into {@code result}. */
    void predict(FoldedNetwork net, INDArray x, INDArray result) {
      int rows = x.rows();
      int layers = net.weights.length;
      if (z == null || z.length != layers || z[0].rows() != rows) {
        z = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
          z[l] = Nd4j.create(DataType.FLOAT, new long[] {rows, net.weights[l].columns()}, 'c');
        }
      }
      INDArray a = x;
      for (int l = 0; l < layers - 1; l++) {
        kernels.linearActivation(a, net.weights[l], net.biases[l], z[l], net.alpha);
        a = z[l];
      }
      INDArray logits = z[layers - 1];
      kernels.linear(a, net.weights[layers - 1], net.biases[layers - 1], logits);
      if (net.softmax) {
        kernels.softmax(logits, result);
      } else {
        result.assign(logits);
      }
    }

    void release() {
      kernels.release();
    }
  }
}
