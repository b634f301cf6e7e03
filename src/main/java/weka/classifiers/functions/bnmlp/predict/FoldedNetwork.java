package weka.classifiers.functions.bnmlp.predict;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.cpu.CpuKernels;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;

/**
 * The network as the CPU kernels predict with it. At prediction time BN uses its running statistics,
 * so it is an affine map per unit, {@code s x + t}: BN before the activation scales its layer's weights
 * (unit j's column by {@code s_j}) and becomes the layer's shift (the bias folded in), and BN after the
 * activation is folded into the weights and bias of the next layer, whose input it scales and shifts.
 * Every hidden layer is then one matrix product and one shift-and-activation pass over its rows, in
 * any placement, with no separate BN pass. The folded parameters are computed in double precision,
 * once per set of parameters; predictions agree with the layer-by-layer computation to float rounding.
 */
final class FoldedNetwork {

  final int inputs;
  final int outputs;
  private final boolean softmax;
  /** Per layer (hidden layers, then the output layer): column-major [in, out], as the network's. */
  private final INDArray[] weights;
  /** Per hidden layer, per unit: the activation's input is {@code x w + shift}. */
  private final INDArray[] shifts;
  private final INDArray outputBias;
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
    shifts = new INDArray[layers];
    double[] carryScale = null; // BN after the previous layer's activation: its input is s a + t
    double[] carryShift = null;
    double[] b = null;
    for (int l = 0; l <= layers; l++) {
      int in = layout.in(l);
      int out = layout.out(l);
      int w0 = (int) layout.weights(l);
      // this layer's BN at prediction time, s x + t per unit (null without BN)
      double[][] bn = l < layers && spec.bn != BnPlacement.NONE ? affine(spec, layout, p, stats, l) : null;
      boolean before = bn != null && spec.bn == BnPlacement.BEFORE;
      double[] w = new double[in * out]; // unit j's weights at j * in
      b = new double[out];
      for (int j = 0; j < out; j++) {
        double bias = p[(int) layout.bias(l) + j];
        for (int i = 0; i < in; i++) {
          double wji = p[w0 + j * in + i];
          if (carryScale != null) {
            bias += carryShift[i] * wji;
            wji *= carryScale[i];
          }
          w[j * in + i] = before ? bn[0][j] * wji : wji;
        }
        b[j] = before ? bn[0][j] * bias + bn[1][j] : bias;
      }
      weights[l] = Nd4j.createFromArray(toFloats(w)).reshape('f', in, out);
      if (l == layers) {
        break;
      }
      shifts[l] = Nd4j.createFromArray(toFloats(b));
      carryScale = bn != null && !before ? bn[0] : null;
      carryShift = bn != null && !before ? bn[1] : null;
    }
    outputBias = Nd4j.createFromArray(toFloats(b));
  }

  /** Layer l's BN at prediction time as {@code {s, t}}: {@code s x + t} per unit. */
  private static double[][] affine(NetworkSpec spec, ParameterLayout layout, double[] p, double[] stats, int l) {
    int out = layout.out(l);
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
    return new double[][] {s, t};
  }

  /** An empty count of the hidden units' activity, for one thread. */
  ActivityTally newTally() {
    int[] widths = new int[weights.length - 1];
    for (int l = 0; l < widths.length; l++) {
      widths[l] = weights[l].columns();
    }
    // a LeakyReLU of slope 0 outputs 0 for negative inputs: counted like a ReLU
    return new ActivityTally(widths, alpha > 0);
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
    /** Per layer, the product's rows. A runner serves the foldings of one network: their widths are the same. */
    private final RecentBySize<INDArray[]> activations = new RecentBySize<>(rows -> {
      release(); // the buffers of a size no longer kept may go
      return allocate(rows);
    });
    /** The network of the running call, whose widths {@link #allocate} reads. */
    private FoldedNetwork current;

    Runner(CpuKernels kernels) {
      this.kernels = kernels;
    }

    private INDArray[] allocate(int rows) {
      INDArray[] z = new INDArray[current.weights.length];
      for (int l = 0; l < z.length; l++) {
        z[l] = Nd4j.create(DataType.FLOAT, new long[] {rows, current.weights[l].columns()}, 'c');
      }
      return z;
    }

    /**
     * Class probabilities (or numeric outputs) for the rows of {@code x}, into {@code result}; each
     * hidden layer's activation outputs are also counted into {@code tally} unless it is null. With
     * BN folded in, every placement's hidden layer ends in its activation, whose outputs are those
     * the network computes layer by layer, up to float rounding.
     */
    void predict(FoldedNetwork net, INDArray x, INDArray result, ActivityTally tally) {
      current = net;
      INDArray[] z = activations.get(x.rows());
      int layers = net.weights.length;
      INDArray a = x;
      for (int l = 0; l < layers - 1; l++) {
        kernels.linearShiftedActivation(a, net.weights[l], net.shifts[l], z[l], net.alpha);
        a = z[l];
        if (tally != null) {
          tally.inactive[l] += kernels.activity(a, tally.leaky, tally.max[l]);
        }
      }
      if (tally != null) {
        tally.rows += x.rows();
      }
      INDArray logits = z[layers - 1];
      kernels.linear(a, net.weights[layers - 1], net.outputBias, logits);
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
