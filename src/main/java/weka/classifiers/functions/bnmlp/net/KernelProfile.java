package weka.classifiers.functions.bnmlp.net;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;

/**
 * Where a training step's time goes: runs the reference workload's network (64 inputs, 3 x 256,
 * 10 classes, batch 256, Adam) on one fixed minibatch and times every kernel call. Run with
 * {@code bench/kernel-profile [threads] [bn] [activation]}; prints microseconds per step by kernel.
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
    Kernels kernels = Kernels.choose(DataType.FLOAT);
    Map<String, long[]> times = new TreeMap<>();
    Kernels timed = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
        (proxy, method, arguments) -> {
          long start = System.nanoTime();
          try {
            return method.invoke(kernels, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            long[] entry = times.computeIfAbsent(method.getName(), name -> new long[2]);
            entry[0] += System.nanoTime() - start;
            entry[1]++;
          }
        });
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
    Optimizer optimizer = new Optimizer(network, new TrainingSettings(OptimizerKind.ADAM, 0.001, 0, 0, 256));
    for (int i = 0; i < 2000; i++) { // JIT warm-up
      network.lossAndGradient(x, target, weight);
      optimizer.apply();
    }
    times.clear();
    int steps = 3000;
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      network.lossAndGradient(x, target, weight);
      optimizer.apply();
    }
    long elapsed = System.nanoTime() - start;
    long allocated = heapBytesPerStep(spec, kernels, x, target, weight);
    System.out.printf(Locale.ROOT, "threads=%d bn=%s activation=%s step_ms=%.3f heap_bytes_per_step=%d (%s)%n",
        threads, bn.optionValue(), activation.optionValue(), elapsed / 1e6 / steps, allocated,
        Nd4jRuntime.describeBackend());
    times.forEach((name, entry) -> System.out.printf(Locale.ROOT, "  %-28s %7.1f us per step (%d calls)%n", name,
        entry[0] / 1e3 / steps, entry[1] / steps));
    profilePrediction(network, kernels, times);
  }

  /** The same network predicting one chunk of rows, as each prediction thread does. */
  private static void profilePrediction(Network network, Kernels kernels, Map<String, long[]> times) {
    int rows = MlpEngine.PREDICTION_CHUNK;
    INDArray x = Nd4j.randn(DataType.FLOAT, rows, network.spec.inputs);
    INDArray out = Nd4j.create(DataType.FLOAT, rows, network.spec.outputs);
    for (int i = 0; i < 200; i++) {
      network.predict(x, out);
    }
    times.clear();
    int chunks = 500;
    long start = System.nanoTime();
    for (int i = 0; i < chunks; i++) {
      network.predict(x, out);
    }
    long elapsed = System.nanoTime() - start;
    System.out.printf(Locale.ROOT, "predict: %d-row chunk %.3f ms (%.0f rows/s)%n", rows, elapsed / 1e6 / chunks,
        rows * chunks / (elapsed / 1e9));
    times.forEach((name, entry) -> System.out.printf(Locale.ROOT, "  %-28s %7.1f us per chunk (%d calls)%n", name,
        entry[0] / 1e3 / chunks, entry[1] / chunks));
    if (kernels instanceof CpuKernels) { // what prediction runs: BN folded into the linear layers
      FoldedNetwork folded = FoldedNetwork.of(network);
      FoldedNetwork.Runner runner = new FoldedNetwork.Runner((CpuKernels) kernels);
      for (int i = 0; i < 200; i++) {
        runner.predict(folded, x, out);
      }
      long foldedStart = System.nanoTime();
      for (int i = 0; i < chunks; i++) {
        runner.predict(folded, x, out);
      }
      long foldedElapsed = System.nanoTime() - foldedStart;
      System.out.printf(Locale.ROOT, "predict folded: %d-row chunk %.3f ms (%.0f rows/s)%n", rows,
          foldedElapsed / 1e6 / chunks, rows * chunks / (foldedElapsed / 1e9));
    }
  }

  /** Java heap allocated by the calling thread per training step, without the timing proxy in the way. */
  private static long heapBytesPerStep(NetworkSpec spec, Kernels kernels, INDArray x, INDArray target,
      INDArray weight) {
    Network network = new Network(spec, DataType.FLOAT, kernels);
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
      network.lossAndGradient(x, target, weight);
      optimizer.apply();
    }
    return (memory.getThreadAllocatedBytes(thread) - before) / steps;
  }
}
