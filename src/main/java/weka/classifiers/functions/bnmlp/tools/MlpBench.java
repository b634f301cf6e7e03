package weka.classifiers.functions.bnmlp.tools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Random;

import weka.classifiers.functions.BatchNormMLP;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.Utils;

/**
 * The reference benchmark workload (see bench/README.md) through the real classifier path:
 * {@code initializeClassifier} on Weka Instances (timed as conversion), one untimed warm-up epoch,
 * timed epochs through {@code next()}, then {@code distributionsForInstances} on the whole set
 * (after an untimed prediction of 4,096 rows, as the PyTorch anchor does), and once more to show
 * the JIT-warm speed. Also timed: the end of training ({@code done_ms}, which counts the dead units
 * on the training data) and a dead-unit report on the whole set ({@code dead_report_ms}). Prints
 * one line of key=value pairs, among them the warm-up epoch's and each timed epoch's milliseconds
 * ({@code warmup_epoch_ms}, {@code epoch_ms}): how long the JIT takes to compile the kernels. With
 * {@code --predict-calls N}, N more full predictions follow, and the line ends with each one's
 * milliseconds ({@code predict_call_ms}): how the prediction path warms up, call after call.
 */
public final class MlpBench {

  private MlpBench() {
  }

  public static void main(String[] args) throws Exception {
    int rows = intOption(args, "rows", 50000);
    int features = intOption(args, "features", 64);
    int classes = intOption(args, "classes", 10);
    int hidden = intOption(args, "hidden", 256);
    int layers = intOption(args, "layers", 3);
    int batch = intOption(args, "batch", 256);
    int epochs = intOption(args, "epochs", 2);
    int threads = intOption(args, "threads", 2);
    String bn = textOption(args, "bn", "before");
    String activation = textOption(args, "activation", "relu");
    int predictCalls = intOption(args, "predict-calls", 0);
    boolean memoryGrowth = java.util.Arrays.asList(args).contains("--memory");

    long t0 = System.nanoTime();
    Instances data = referenceData(rows, features, classes, 1);
    double generateSeconds = seconds(t0);

    BatchNormMLP mlp = new BatchNormMLP();
    mlp.setOptions(Utils.splitOptions(String.format(Locale.ROOT,
        "-hidden %dx%d -bn %s -activation %s -batch-size %d -epochs %d -lr 0.001 -optimizer adam -num-threads %d",
        hidden, layers, bn, activation, batch, epochs + 1, threads)));

    long t1 = System.nanoTime();
    mlp.initializeClassifier(data);
    double convertSeconds = seconds(t1);

    long tw = System.nanoTime();
    mlp.next(); // warm-up epoch, not timed
    double warmupSeconds = seconds(tw);
    MemoryProbe memory = new MemoryProbe(memoryGrowth);
    memory.sample();
    long trainNanos = 0;
    StringBuilder epochMillis = new StringBuilder();
    for (int e = 0; e < epochs; e++) {
      long t2 = System.nanoTime();
      mlp.next();
      long epochNanos = System.nanoTime() - t2;
      trainNanos += epochNanos;
      epochMillis.append(e == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.0f", epochNanos / 1e6));
      memory.sample(); // outside the clock (with --memory, it runs a full GC)
    }
    double trainSeconds = trainNanos / 1e9;
    long td = System.nanoTime();
    mlp.done(); // ends training: among others, the dead-unit report on the training data
    double doneSeconds = seconds(td);

    // one untimed prediction of the first 4,096 rows first, as the PyTorch anchor does
    mlp.distributionsForInstances(new Instances(data, 0, Math.min(rows, 4096)));
    long t3 = System.nanoTime();
    double[][] predictions = mlp.distributionsForInstances(data);
    double predictSeconds = seconds(t3);
    // a second full prediction: what a longer-running JVM (the Explorer, an Experiment) sees once
    // the JIT has compiled the prediction path
    long t5 = System.nanoTime();
    mlp.distributionsForInstances(data);
    double repeatSeconds = seconds(t5);
    long t4 = System.nanoTime();
    mlp.trainedModel().encodeInputs(data);
    double predictConvertSeconds = seconds(t4);
    long t7 = System.nanoTime();
    mlp.deadUnitReport(data);
    double deadReportSeconds = seconds(t7);
    StringBuilder callMillis = new StringBuilder();
    for (int c = 0; c < predictCalls; c++) {
      long t6 = System.nanoTime();
      mlp.distributionsForInstances(data);
      callMillis.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", seconds(t6) * 1e3));
    }

    int correct = 0;
    for (int i = 0; i < rows; i++) {
      correct += Utils.maxIndex(predictions[i]) == (int) data.instance(i).classValue() ? 1 : 0;
    }
    long steps = (long) epochs * ((rows + batch - 1) / batch);
    System.out.println(String.format(Locale.ROOT,
        "system=batchNormMLP threads=%d bn=%s activation=%s train_rows_per_s=%.0f step_ms=%.3f "
            + "predict_rows_per_s=%.0f predict_repeat_rows_per_s=%.0f train_acc=%.3f convert_s=%.3f predict_convert_s=%.3f generate_s=%.3f "
            + "done_ms=%.0f dead_report_ms=%.0f heap_peak_bytes=%d %swarmup_epoch_ms=%.0f epoch_ms=%s %scpu=\"%s\" backend=\"%s\"",
        threads, bn, activation, (double) epochs * rows / trainSeconds, 1000 * trainSeconds / steps,
        rows / predictSeconds, rows / repeatSeconds, correct / (double) rows, convertSeconds, predictConvertSeconds, generateSeconds,
        doneSeconds * 1e3, deadReportSeconds * 1e3, memory.heapPeak(), memoryGrowth ? memory.growth() : "", warmupSeconds * 1e3, epochMillis, predictCalls > 0 ? "predict_call_ms=" + callMillis + " " : "",
        weka.classifiers.functions.bnmlp.backend.CpuFeatures.describe(),
        weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime.describeBackend()));
  }

  /** The workload's data: X ~ N(0,1), y = argmax(X W + 0.5 noise) with W ~ N(0,1). */
  static Instances referenceData(int rows, int features, int classes, long seed) {
    Random random = new Random(seed);
    double[][] w = new double[features][classes];
    for (double[] row : w) {
      for (int c = 0; c < classes; c++) {
        row[c] = random.nextGaussian();
      }
    }
    ArrayList<Attribute> attributes = new ArrayList<>();
    for (int j = 0; j < features; j++) {
      attributes.add(new Attribute("x" + j));
    }
    ArrayList<String> labels = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      labels.add("c" + c);
    }
    attributes.add(new Attribute("class", labels));
    Instances data = new Instances("reference", attributes, rows);
    data.setClassIndex(features);
    double[] score = new double[classes];
    for (int i = 0; i < rows; i++) {
      double[] v = new double[features + 1];
      for (int j = 0; j < features; j++) {
        v[j] = random.nextGaussian();
      }
      for (int c = 0; c < classes; c++) {
        double s = 0.5 * random.nextGaussian();
        for (int j = 0; j < features; j++) {
          s += v[j] * w[j][c];
        }
        score[c] = s;
      }
      v[features] = Utils.maxIndex(score);
      data.add(new DenseInstance(1.0, v));
    }
    return data;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  static int intOption(String[] args, String name, int fallback) {
    String v = textOption(args, name, null);
    return v == null ? fallback : Integer.parseInt(v);
  }

  static String textOption(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--" + name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /**
   * The heap's peak, and with {@code --memory} the heap (after a full GC, so growth means retained
   * memory), JavaCPP off-heap and resident set after each epoch. The full GCs are opt-in: after one,
   * the first prediction ran about a quarter slower (the heap shrank, and the prediction's
   * allocations met young collections), which timed the benchmark, not the classifier.
   */
  private static final class MemoryProbe {
    private final boolean growth;
    private long heapPeak;
    private long heapFirst = -1;
    private long heapLast;
    private long offHeapFirst = -1;
    private long offHeapLast;
    private long rssFirst = -1;
    private long rssLast;

    MemoryProbe(boolean growth) {
      this.growth = growth;
    }

    void sample() throws IOException {
      long peak = 0; // sum of the heap pools' peaks since start: an upper bound of the heap ever used
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      heapPeak = Math.max(heapPeak, peak);
      if (!growth) {
        return;
      }
      System.gc();
      Runtime rt = Runtime.getRuntime();
      heapLast = rt.totalMemory() - rt.freeMemory();
      offHeapLast = org.bytedeco.javacpp.Pointer.totalBytes();
      rssLast = residentBytes();
      if (heapFirst < 0) {
        heapFirst = heapLast;
        offHeapFirst = offHeapLast;
        rssFirst = rssLast;
      }
    }

    private static long residentBytes() throws IOException {
      Path statm = Path.of("/proc/self/statm");
      if (!Files.exists(statm)) {
        return -1;
      }
      String[] fields = Files.readString(statm).trim().split("\\s+");
      return Long.parseLong(fields[1]) * 4096;
    }

    long heapPeak() {
      return heapPeak;
    }

    /** The last sample and the growth from the first, as key=value pairs ending in a space. */
    String growth() {
      return String.format(Locale.ROOT, "offheap_bytes=%d rss_bytes=%d heap_growth_bytes=%d "
          + "offheap_growth_bytes=%d rss_growth_bytes=%d ", offHeapLast, rssLast, heapLast - heapFirst,
          offHeapLast - offHeapFirst, rssLast - rssFirst);
    }
  }
}
