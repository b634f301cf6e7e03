package weka.classifiers.functions.bnmlp.tools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.functions.bnmlp.engine.KernelChoice;
import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.kernels.BatchNormSteps;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.kernels.Kernels;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.predict.Predictor;
import weka.classifiers.functions.bnmlp.predict.RowSink;
import weka.classifiers.functions.bnmlp.predict.RowSource;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.train.Optimizer;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;

/**
 * Where a training step's time goes: runs the reference workload's network (64 inputs, 3 x 256,
 * 10 classes, batch 256, Adam) on one fixed minibatch and times every kernel call. Run with
 * {@code bench/kernel-profile [threads] [bn] [activation]}; prints microseconds per step by kernel. The
 * first line compares the step's product rate ({@code step_gflops}: its products' floating-point
 * operations over the whole step's time, measured without the timers) with what the matrix library
 * reaches on one large square product on the same threads ({@code peak_gflops}, see {@link PeakRate}),
 * both medians over five alternating rounds; {@code step_to_peak} is the median of the rounds' ratios.
 */
public final class KernelProfile {

  private KernelProfile() {
  }

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    BnPlacement bn = args.length > 1 ? BnPlacement.valueOf(args[1].toUpperCase(Locale.ROOT)) : BnPlacement.BEFORE;
    ActivationKind activation = args.length > 2 && args[2].equalsIgnoreCase("leakyrelu")
        ? ActivationKind.LEAKY_RELU : ActivationKind.RELU;
    Nd4jRuntime.get(() -> {
      run(threads, bn, activation);
      return null;
    });
  }

  private static void run(int threads, BnPlacement bn, ActivationKind activation) {
    Nd4jRuntime.useThreads(threads);
    KernelChoice choice = KernelChoice.choose(DataType.FLOAT, Nd4jRuntime::kernelThreads);
    KernelFamily family = choice.family();
    Map<String, long[]> times = new TreeMap<>();
    Kernels timedKernels = timed(Kernels.class, family.kernels(), "", times);
    BatchNormSteps timedBatchNorm = timed(BatchNormSteps.class, family.batchNorm(), "batchNorm.", times);
    KernelFamily timed = new KernelFamily() {
      @Override
      public Kernels kernels() {
        return timedKernels;
      }

      @Override
      public BatchNormSteps batchNorm() {
        return timedBatchNorm;
      }
    };
    double alpha = activation == ActivationKind.LEAKY_RELU ? 0.01 : 0;
    NetworkSpec spec = new NetworkSpec(64, new int[] {256, 256, 256}, 10, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bn,
        activation, alpha, InitScheme.HE, 0.1, 1e-5);
    Network network = new Network(spec, DataType.FLOAT, timed);
    network.initialise(1);
    INDArray x = Nd4j.randn(DataType.FLOAT, 256, 64);
    INDArray target = Nd4j.zeros(DataType.FLOAT, 256, 10);
    INDArray weight = Nd4j.ones(DataType.FLOAT, 256, 1);
    for (int i = 0; i < 256; i++) {
      target.putScalar(i, i % 10, 1);
    }
    StepVersusPeak measured = stepVersusPeak(spec, family, x, target, weight, threads);
    Optimizer optimizer = new Optimizer(network, new TrainingSettings(OptimizerKind.ADAM, 0.001, 0, 0, 256));
    // without updates during the backward pass, so that each kernel's time is its own
    for (int i = 0; i < 2000; i++) { // JIT warm-up
      network.lossAndGradient(x, target, weight);
      optimizer.apply();
    }
    times.clear();
    int steps = 1000;
    for (int i = 0; i < steps; i++) {
      network.lossAndGradient(x, target, weight);
      optimizer.apply();
    }
    long allocated = heapBytesPerStep(spec, family, x, target, weight);
    System.out.printf(Locale.ROOT, "step_ms=%.3f step_gflops=%.1f peak_gflops=%.1f step_to_peak=%.2f threads=%d "
        + "bn=%s activation=%s heap_bytes_per_step=%d cpu=\"%s\" (%s)%n", measured.stepSeconds * 1e3,
        productFlops(spec, 256) / measured.stepSeconds / 1e9, measured.peakGflops, measured.ratio, threads,
        bn.optionValue(), activation.optionValue(), allocated, CpuFeatures.describe(), Nd4jRuntime.describeBackend());
    System.out.printf(Locale.ROOT, "  by kernel, timed one call at a time over %d steps:%n", steps);
    times.forEach((name, entry) -> System.out.printf(Locale.ROOT, "    %-26s %7.1f us per step (%d calls)%n", name,
        entry[0] / 1e3 / steps, entry[1] / steps));
    profilePrediction(network, choice, times);
  }

  /** Medians over alternating rounds of training steps and of the matrix library's peak product. */
  private static final class StepVersusPeak {
    double stepSeconds;
    double peakGflops;
    /** The median over rounds of each round's step product rate over its peak rate. */
    double ratio;
  }

  /**
   * The step (without timers in the way) and the library's peak, measured in alternating rounds: the
   * machines here speed up and slow down over seconds, so each round's step is compared with the
   * peak measured right after it.
   */
  private static StepVersusPeak stepVersusPeak(NetworkSpec spec, KernelFamily family, INDArray x, INDArray target,
      INDArray weight, int threads) {
    Network network = new Network(spec, DataType.FLOAT, family);
    network.initialise(1);
    Optimizer optimizer = new Optimizer(network, new TrainingSettings(OptimizerKind.ADAM, 0.001, 0, 0, 256));
    for (int i = 0; i < 2000; i++) { // JIT warm-up
      network.lossAndGradient(x, target, weight, optimizer.duringBackward());
      optimizer.apply();
    }
    int rounds = 5;
    int steps = 600;
    double[] stepSeconds = new double[rounds];
    double[] peaks = new double[rounds];
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        network.lossAndGradient(x, target, weight, optimizer.duringBackward());
        optimizer.apply();
      }
      stepSeconds[r] = (System.nanoTime() - start) / 1e9 / steps;
      peaks[r] = PeakRate.gflops(Nd4jRuntime.matrixLibrary().gemm, threads);
      ratios[r] = productFlops(spec, 256) / stepSeconds[r] / 1e9 / peaks[r];
    }
    StepVersusPeak result = new StepVersusPeak();
    result.stepSeconds = median(stepSeconds);
    result.peakGflops = median(peaks);
    result.ratio = median(ratios);
    return result;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * The matrix products' floating-point operations in one training step of {@code rows} rows: per
   * layer the forward product and the weight gradient, and the input gradient for all but the first.
   */
  static double productFlops(NetworkSpec spec, int rows) {
    double flops = 0;
    for (int l = 0; l <= spec.layerCount(); l++) {
      double product = 2.0 * rows * spec.fanIn(l) * (l == spec.layerCount() ? spec.outputs : spec.hidden[l]);
      flops += product * (l == 0 ? 2 : 3);
    }
    return flops;
  }

  /** {@code target} behind a proxy that adds each call's time to {@code times}, by method name. */
  private static <T> T timed(Class<T> type, T target, String prefix, Map<String, long[]> times) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, arguments) -> {
          long start = System.nanoTime();
          try {
            return method.invoke(target, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            long[] entry = times.computeIfAbsent(prefix + method.getName(), name -> new long[2]);
            entry[0] += System.nanoTime() - start;
            entry[1]++;
          }
        }));
  }

  /**
   * One chunk of rows predicted layer by layer (timed by kernel) and as the engine predicts it (the
   * folded network on the CPU kernels), alternating rounds of the two so that the machine's swings
   * fall on both alike.
   */
  private static void profilePrediction(Network network, KernelChoice choice, Map<String, long[]> times) {
    int rows = MlpEngine.PREDICTION_CHUNK;
    INDArray x = Nd4j.randn(DataType.FLOAT, rows, network.spec.inputs);
    INDArray out = Nd4j.create(DataType.FLOAT, rows, network.spec.outputs);
    Predictor predictor = choice.predictor(network, rows);
    float[] values = x.data().asFloat();
    RowSource source = (from, to, into) -> System.arraycopy(values, 0, into, 0, into.length);
    RowSink sink = (from, to, predictions) -> { };
    for (int i = 0; i < 200; i++) {
      network.predict(x, out);
      predictor.predict(rows, source, sink);
    }
    times.clear();
    int rounds = 10;
    int chunks = 50;
    long layerByLayer = 0;
    long engine = 0;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < chunks; i++) {
        network.predict(x, out);
      }
      long middle = System.nanoTime();
      for (int i = 0; i < chunks; i++) {
        predictor.predict(rows, source, sink);
      }
      engine += System.nanoTime() - middle;
      layerByLayer += middle - start;
    }
    int total = rounds * chunks;
    System.out.printf(Locale.ROOT, "predict: %d-row chunk %.3f ms (%.0f rows/s)%n", rows, layerByLayer / 1e6 / total,
        rows * total / (layerByLayer / 1e9));
    times.forEach((name, entry) -> System.out.printf(Locale.ROOT, "  %-28s %7.1f us per chunk (%d calls)%n", name,
        entry[0] / 1e3 / total, entry[1] / total));
    System.out.printf(Locale.ROOT, "predict as the engine does: %d-row chunk %.3f ms (%.0f rows/s)%n", rows,
        engine / 1e6 / total, rows * total / (engine / 1e9));
  }

  /** Java heap allocated by the calling thread per training step, without the timing proxy in the way. */
  private static long heapBytesPerStep(NetworkSpec spec, KernelFamily family, INDArray x, INDArray target,
      INDArray weight) {
    Network network = new Network(spec, DataType.FLOAT, family);
    network.initialise(2);
    Optimizer optimizer = new Optimizer(network, new TrainingSettings(OptimizerKind.ADAM, 0.001, 0, 0, 256));
    com.sun.management.ThreadMXBean memory =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int steps = 1000;
    long before = 0;
    for (int i = 0; i < 2 * steps; i++) {
      if (i == steps) {
        before = memory.getThreadAllocatedBytes(thread);
      }
      network.lossAndGradient(x, target, weight, optimizer.duringBackward());
      optimizer.apply();
    }
    return (memory.getThreadAllocatedBytes(thread) - before) / steps;
  }
}
