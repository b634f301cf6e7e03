package weka.classifiers.functions.bnmlp.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import weka.core.Instance;
import weka.core.Instances;

/**
 * The one Spark context of the test JVM (Spark allows one), shared by the Spark test classes: local
 * mode with two threads and two attempts per task ({@code local[2,2]}), so a task that fails once is
 * retried.
 */
final class SparkTestContext {

  private static JavaSparkContext context;

  private SparkTestContext() {
  }

  static synchronized JavaSparkContext get() {
    if (context == null) {
      SparkConf conf = new SparkConf().setMaster("local[2,2]").setAppName("batchNormMLP-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1");
      context = new JavaSparkContext(conf);
      context.setLogLevel("ERROR");
      Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
    }
    return context;
  }

  /** The instances as an RDD in {@code partitions} slices, in order. */
  static JavaRDD<Instance> rows(Instances data, int partitions) {
    List<Instance> list = new ArrayList<>(data);
    return get().parallelize(list, partitions);
  }
}
