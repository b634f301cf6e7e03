package weka.classifiers.functions.bnmlp.predict;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.cpu.CpuFamily;
import weka.classifiers.functions.bnmlp.cpu.CpuKernels;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;

/**
 * Prediction as the engine runs it: chunks shared out over the threads (or run on the caller), their
 * buffers kept between calls for the two most recent chunk sizes. Every row of every call matches
 * the double-precision network computed layer by layer, whatever the order of request sizes (a
 * size that reuses kept buffers, one that replaces them, one that fits in a single chunk), also
 * after the parameters changed.
 */
class FoldedPredictorTest {

  private static final int CHUNK = 16;

  @ParameterizedTest(name = "{0} thread(s), bn {1}")
  @CsvSource({"1, BEFORE", "2, BEFORE", "2, AFTER", "3, NONE"})
  void everyCallMatchesTheReference(int threads, BnPlacement bn) {
    NetworkSpec spec = new NetworkSpec(7, new int[] {40, 33}, 4, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn,
        ActivationKind.LEAKY_RELU, 0.1, InitScheme.HE, 0.1, 1e-3);
    Random random = new Random(5);
    Network reference = new Network(spec, DataType.DOUBLE, KernelFamily.portable());
    CpuFamily family = new CpuFamily(() -> threads);
    Network network = new Network(spec, DataType.FLOAT, family);
    FoldedNetworkTest.setRandomState(random, reference, network);
    FoldedPredictor predictor = new FoldedPredictor(network, (CpuKernels) network.kernels, () -> threads, CHUNK);

    for (int rows : new int[] {50, 50, 16, 5, 50, 37, 50, 0, 50, 37}) {
      if (rows == 0) { // new parameters: a new folding, with the buffers kept
        FoldedNetworkTest.setRandomState(random, reference, network);
        predictor.parametersChanged();
        continue;
      }
      float[] x = FoldedNetworkTest.randomRows(random, rows, spec.inputs);
      float[] out = new float[rows * spec.outputs];
      predictor.predict(rows, (from, to, into) -> System.arraycopy(x, from * spec.inputs, into, 0, (to - from) * spec.inputs),
          (from, to, p) -> System.arraycopy(p, 0, out, from * spec.outputs, (to - from) * spec.outputs));
      INDArray actual = Nd4j.create(out, new long[] {rows, spec.outputs}, 'c');
      FoldedNetworkTest.assertClose(FoldedNetworkTest.referencePredictions(reference, x, rows), actual, rows,
          spec.outputs);
    }
  }
}
