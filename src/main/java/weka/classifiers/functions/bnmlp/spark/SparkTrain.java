package weka.classifiers.functions.bnmlp.spark;

import java.io.ObjectOutputStream;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import weka.classifiers.functions.BatchNormMLP;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.WekaException;

/**
 * Command line for {@code spark-submit} (or plain java in local mode): trains a BatchNormMLP on Spark
 * and writes it as Weka's {@code -d} does, for {@code -l} to load.
 *
 * <pre>
 * SparkTrain -t data.arff|data.csv -d out.model [-c index|last] [-partitions n] [-local-steps k]
 *            [-encoder-sample rows] [-master url] [BatchNormMLP options]
 * </pre>
 */
public final class SparkTrain {

  private String input;
  private String output;
  private int classIndex = -1;
  private int partitions;
  private int localSteps = SparkMlpTrainer.DEFAULT_LOCAL_STEPS;
  private int encoderSample = SparkMlpTrainer.DEFAULT_ENCODER_SAMPLE_ROWS;
  private String master;
  private final BatchNormMLP options = new BatchNormMLP();

  private SparkTrain() {
  }

  public static void main(String[] args) throws Exception {
    SparkTrain command;
    try {
      command = parse(args);
    } catch (Exception e) {
      System.err.println(e.getMessage() + "\n\n" + usage());
      System.exit(1);
      return;
    }
    SparkConf conf = new SparkConf().setAppName("BatchNormMLP " + command.input)
        .setIfMissing("spark.master", command.master.isEmpty() ? "local[*]" : command.master);
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      command.run(sc);
    } catch (WekaException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /** Our options first; the rest go to BatchNormMLP's own option handling, and nothing may be left. */
  static SparkTrain parse(String[] args) throws Exception {
    SparkTrain c = new SparkTrain();
    c.input = Utils.getOption('t', args);
    c.output = Utils.getOption('d', args);
    if (c.input.isEmpty() || c.output.isEmpty()) {
      throw new IllegalArgumentException("-t <data> and -d <model file> are required");
    }
    String classOption = Utils.getOption('c', args);
    c.classIndex = classOption.isEmpty() || classOption.equals("last") ? -1 : Integer.parseInt(classOption) - 1;
    String partitions = Utils.getOption("partitions", args);
    c.partitions = partitions.isEmpty() ? 0 : Integer.parseInt(partitions);
    String steps = Utils.getOption("local-steps", args);
    c.localSteps = steps.isEmpty() ? c.localSteps : Integer.parseInt(steps);
    String sample = Utils.getOption("encoder-sample", args);
    c.encoderSample = sample.isEmpty() ? c.encoderSample : Integer.parseInt(sample);
    c.master = Utils.getOption("master", args);
    c.options.setOptions(args);
    Utils.checkForRemainingOptions(args);
    return c;
  }

  /** Reads, trains and writes on a running Spark context. */
  void run(JavaSparkContext sc) throws Exception {
    int n = partitions > 0 ? partitions : sc.defaultParallelism();
    InputRows data = InputRows.read(sc, input, classIndex, n);
    SparkMlpTrainer trainer = new SparkMlpTrainer(options).localSteps(localSteps).encoderSampleRows(encoderSample);
    long start = System.nanoTime();
    BatchNormMLP model = trainer.train(data.rows, data.header);
    double seconds = (System.nanoTime() - start) / 1e9;
    write(sc, output, model, data.header);
    System.out.println(model);
    System.out.println("Phases: " + trainer.lastTimings());
    System.out.printf("Trained on Spark (%s, %d partitions, %d local steps per round) in %.1f s; model written to %s%n",
        sc.master(), n, localSteps, seconds, output);
  }

  /** Classifier and header, as Weka's -d writes them. */
  private static void write(JavaSparkContext sc, String file, BatchNormMLP model, Instances header) throws Exception {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
    try (ObjectOutputStream out = new ObjectOutputStream(fs.create(path, true))) {
      out.writeObject(model);
      out.writeObject(header);
    }
  }

  static String usage() {
    return "Usage: SparkTrain -t <data.arff|data.csv> -d <output.model> [-c <class index>|last]\n"
        + "       [-partitions <n>] [-local-steps <k>] [-encoder-sample <rows>] [-master <url>]\n"
        + "       [BatchNormMLP options, e.g. -hidden 64,64 -epochs 10 -batch-size 128]\n"
        + "-partitions defaults to Spark's default parallelism, -local-steps to " + SparkMlpTrainer.DEFAULT_LOCAL_STEPS
        + ",\n-encoder-sample to " + SparkMlpTrainer.DEFAULT_ENCODER_SAMPLE_ROWS
        + "; without spark-submit, -master defaults to local[*].";
  }
}
