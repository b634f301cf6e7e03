package weka.classifiers.functions.bnmlp.spark.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import weka.classifiers.Evaluation;
import weka.classifiers.functions.BatchNormMLP;
import weka.classifiers.functions.bnmlp.options.HiddenLayers;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;
import weka.classifiers.functions.bnmlp.spark.SyntheticTask;
import weka.classifiers.functions.bnmlp.spark.SparkMlpTrainer;

/**
 * Throughput and accuracy of BatchNormMLP trained on one machine, on Spark local[1] and local[2],
 * and of MLlib's MultilayerPerceptronClassifier on local[2] (same data, same cores): rows per second
 * of training and test accuracy, then MLlib's time to reach the accuracy our local[2] run reached.
 * Prints the processor, a markdown table and the figures the scaling estimate in docs/spark.md uses.
 *
 * <pre>
 * bench/spark-bench [--rows 100000] [--test 20000] [--hidden 128,128] [--batch 128] [--epochs 5]
 *                   [--local-steps 16] [--mllib-iterations 20,40,80,160|none]
 * </pre>
 */
public final class SparkBench {

  private int rows = 100_000;
  private int testRows = 20_000;
  private String hidden = "128,128";
  private int batch = 128;
  private int epochs = 5;
  private int localSteps = 16;
  private String mllibIterations = "20,40,80,160";
  private final List<String> table = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    SparkBench b = new SparkBench();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--rows": b.rows = Integer.parseInt(v); break;
        case "--test": b.testRows = Integer.parseInt(v); break;
        case "--hidden": b.hidden = v; break;
        case "--batch": b.batch = Integer.parseInt(v); break;
        case "--epochs": b.epochs = Integer.parseInt(v); break;
        case "--local-steps": b.localSteps = Integer.parseInt(v); break;
        case "--mllib-iterations": b.mllibIterations = v; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    b.run();
  }

  private String options(int threads) {
    return "-hidden " + hidden + " -batch-size " + batch + " -epochs " + epochs + " -lr 0.003 -S 1 -num-threads " + threads;
  }

  private void run() throws Exception {
    System.out.println("CPU: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible");
    Instances train = SyntheticTask.make(rows, 1);
    Instances test = SyntheticTask.make(testRows, 2);
    System.out.printf(Locale.ROOT, "data: %d training rows, %d test rows, %d inputs, 3 classes; %s%n", rows, testRows,
        SyntheticTask.FEATURES, options(2));
    table.add("| trainer | cores | training time (s) | rows/s | test accuracy |");
    table.add("|---|---|---|---|---|");

    BatchNormMLP warmUp = new BatchNormMLP(); // ND4J's start and the JIT, outside the timings
    warmUp.setOptions(Utils.splitOptions(options(2).replace("-epochs " + epochs, "-epochs 2")));
    warmUp.buildClassifier(SyntheticTask.make(5_000, 3));
    BatchNormMLP single = new BatchNormMLP();
    single.setOptions(Utils.splitOptions(options(2)));
    long start = System.nanoTime();
    single.buildClassifier(train);
    double singleSeconds = seconds(start);
    row("BatchNormMLP, one machine (-num-threads 2)", 2, singleSeconds, accuracy(single, test));
    long steps = (long) epochs * ((rows + batch - 1) / batch);
    long parameters = single.trainedModel().engine().parameterCount();
    BatchNormMLP oneThread = new BatchNormMLP();
    oneThread.setOptions(Utils.splitOptions(options(1)));
    start = System.nanoTime();
    oneThread.buildClassifier(train);
    double oneThreadSeconds = seconds(start);
    row("BatchNormMLP, one machine (-num-threads 1)", 1, oneThreadSeconds, accuracy(oneThread, test));

    double local1 = spark(1, train, test, null);
    double[] mllib = new double[3];
    double local2 = spark(2, train, test, mllib);
    for (String line : table) {
      System.out.println(line);
    }
    long rounds = (long) epochs * ((rows / 2 + batch - 1) / batch + localSteps - 1) / localSteps;
    System.out.printf(Locale.ROOT, "%nfor the estimate: %d parameters; per %d-row step on one machine %.3f ms"
        + " (1 thread), %.3f ms (2 threads); local[1] %.1f s, local[2] %.1f s over about %d rounds%n", parameters,
        batch, 1000 * oneThreadSeconds / steps, 1000 * singleSeconds / steps, local1, local2, rounds);
  }

  /** Our Spark trainer on local[cores] with one partition per core; with mllib != null, MLlib afterwards. */
  private double spark(int cores, Instances train, Instances test, double[] mllib) throws Exception {
    SparkConf conf = new SparkConf().setMaster("local[" + cores + "]").setAppName("SparkBench")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext())) {
      sc.setLogLevel("ERROR");
      BatchNormMLP options = new BatchNormMLP();
      options.setOptions(Utils.splitOptions(options(1)));
      List<Instance> list = new ArrayList<>(train);
      long start = System.nanoTime();
      SparkMlpTrainer trainer = new SparkMlpTrainer(options).localSteps(localSteps);
      BatchNormMLP model = trainer.train(sc.parallelize(list, cores), new Instances(train, 0));
      double seconds = seconds(start);
      System.out.println("local[" + cores + "] phases: " + trainer.lastTimings());
      double accuracy = accuracy(model, test);
      row("BatchNormMLP on Spark local[" + cores + "], " + cores + " partition(s), " + localSteps + " local steps",
          cores, seconds, accuracy);
      if (mllib != null && !mllibIterations.equals("none")) {
        mllib(session, train, test, cores, accuracy);
      }
      session.stop();
      return seconds;
    }
  }

  /** MLlib's MLP with growing iteration budgets (each run from scratch) until it reaches {@code target}. */
  private void mllib(SparkSession session, Instances train, Instances test, int cores, double target) {
    MllibBaseline baseline = new MllibBaseline(session, train, test, HiddenLayers.parse(hidden), cores);
    baseline.run(2, batch, 1); // warm-up: Spark SQL's code generation and the JIT, outside the timings
    for (String it : mllibIterations.split(",")) {
      int iterations = Integer.parseInt(it.trim());
      double[] r = baseline.run(iterations, batch, 1);
      row("MLlib MultilayerPerceptronClassifier local[" + cores + "], L-BFGS " + iterations + " iterations", cores,
          r[0], r[1]);
      if (r[1] >= target) {
        table.add(String.format(Locale.ROOT, "| MLlib reached %.2f%% (our local[%d] accuracy) in %.1f s | | | | |",
            target, cores, r[0]));
        return;
      }
    }
    table.add(String.format(Locale.ROOT, "| MLlib did not reach %.2f%% within %s iterations | | | | |", target,
        mllibIterations));
  }

  private void row(String name, int cores, double seconds, double accuracy) {
    String line = String.format(Locale.ROOT, "| %s | %d | %.1f | %,.0f | %.2f%% |", name, cores, seconds,
        name.startsWith("MLlib") ? Double.NaN : (double) rows * epochs / seconds, accuracy);
    line = line.replace("| NaN |", "| (L-BFGS: full passes) |");
    System.out.println(line);
    table.add(line);
  }

  private static double accuracy(weka.classifiers.Classifier c, Instances test) throws Exception {
    Evaluation e = new Evaluation(test);
    e.evaluateModel(c, test);
    return e.pctCorrect();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** The processor's model name and vector instructions. */
  static String cpu() {
    return weka.classifiers.functions.bnmlp.backend.CpuFeatures.describe();
  }
}
