package weka.classifiers.functions.bnmlp.engine;

import java.util.Locale;

import weka.classifiers.functions.bnmlp.backend.MemoryLimits;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/**
 * What training and prediction of a network will need, worked out before anything is allocated, so
 * that a network that cannot fit is refused at once with a message rather than taking the JVM down
 * in a native allocation or running for minutes into an OutOfMemoryError.
 *
 * <p>Outside the Java heap (ND4J, float32): parameters, gradients and the optimizer's state, the BN
 * statistics, the training data, the activation buffers of a minibatch and of the prediction
 * chunks, the folded prediction network, and a copy of the parameters taken after every epoch (to
 * go back to when the next one diverges). On the Java heap: the encoded data, a parameter snapshot
 * in double precision (early stopping, saving the model), the optimizer's state in float precision
 * (kept with the model so that training can continue) and the largest layer while it is folded for
 * prediction (double and float copies).
 */
public final class MemoryEstimate {

  /** Java arrays and the kernels' int indices end below this many elements. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
  /** Row buffers a hidden unit needs in training (pre-activation, activation, BN output and
   * normalised values, two deltas, scratch, input gradient). */
  private static final int BUFFERS_PER_UNIT = 8;

  public final long parameters;
  public final long offHeapBytes;
  public final long heapBytes;
  private final String architecture;

  private MemoryEstimate(long parameters, long offHeapBytes, long heapBytes, String architecture) {
    this.parameters = parameters;
    this.offHeapBytes = offHeapBytes;
    this.heapBytes = heapBytes;
    this.architecture = architecture;
  }

  /**
   * @param spec the network, with its input and output sizes
   * @param rows training rows (with any validation rows)
   * @param threads threads the kernels and prediction run on
   */
  public static MemoryEstimate of(NetworkSpec spec, TrainingSettings settings, long rows, int threads) {
    long weights = 0;
    long biasesAndBn = 0;
    long units = 0;
    long largest = 0;
    int maxWidth = Math.max(spec.inputs, spec.outputs);
    for (int l = 0; l <= spec.layerCount(); l++) {
      long in = spec.fanIn(l);
      long out = l == spec.layerCount() ? spec.outputs : spec.hidden[l];
      weights += in * out;
      largest = Math.max(largest, in * out);
      biasesAndBn += out * (spec.usesBatchNorm() && l < spec.layerCount() ? 5 : 1); // + running stats
      if (l < spec.layerCount()) {
        units += out;
        maxWidth = (int) Math.max(maxWidth, out);
      }
    }
    long parameters = weights + biasesAndBn;
    int optimizerSlots = settings.optimizer == OptimizerKind.ADAM ? 2 : 1;
    // prediction keeps one activation row per unit for two chunk sizes on each thread and on the
    // caller: 2 (threads + 1) <= BUFFERS_PER_UNIT * threads
    long bufferRows = 2L * settings.batchSize + (long) MlpEngine.PREDICTION_CHUNK * Math.max(1, threads);
    long offHeapFloats = parameters * (3 + optimizerSlots) + weights // + the checkpoint, the folded copy
        + rows * (spec.inputs + spec.outputs + 1) + bufferRows * (units * BUFFERS_PER_UNIT + spec.inputs + spec.outputs);
    long heap = rows * (spec.inputs + spec.outputs + 1) * 4L + parameters * (8 + 4L * optimizerSlots) + largest * 12
        + (long) Math.max(1, threads) * settings.batchSize * maxWidth * 40L;
    return new MemoryEstimate(parameters, offHeapFloats * 4, heap, spec.describeHidden());
  }

  /** Why this cannot fit within {@code limits}, naming the estimate, the limit and what to change; null if it fits. */
  public String refusal(MemoryLimits limits) {
    String change = "Use fewer or smaller hidden layers (now -hidden " + architecture + ")";
    long heapGrowth = Math.max(0, heapBytes - (limits.heapAvailable - limits.heapUncommitted));
    long physicalNeeded = offHeapBytes + heapGrowth;
    if (heapBytes > limits.heapAvailable || physicalNeeded > limits.physicalAvailable) {
      return "BatchNormMLP: not enough memory for this network (" + String.format(Locale.ROOT, "%,d", parameters)
          + " parameters): training and prediction need about " + gb(offHeapBytes) + " outside the Java heap and "
          + gb(heapBytes) + " of Java heap; the machine has " + gb(limits.physicalAvailable) + " available and the "
          + "Java heap " + gb(limits.heapAvailable) + " free of " + gb(limits.heapMax) + " (-Xmx). " + change
          + (heapBytes > limits.heapAvailable && physicalNeeded <= limits.physicalAvailable
              ? ", or start Weka with a larger -Xmx." : ", or use a machine with more memory.");
    }
    if (parameters > MAX_ELEMENTS) { // a machine with the memory still cannot index them
      return String.format(Locale.ROOT, "BatchNormMLP: the network has %,d parameters; at most %,d fit in one "
          + "array. %s.", parameters, MAX_ELEMENTS, change);
    }
    return null;
  }

  private static String gb(long bytes) {
    return bytes == Long.MAX_VALUE ? "unknown" : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }
}
