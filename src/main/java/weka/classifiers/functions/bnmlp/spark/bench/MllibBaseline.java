package weka.classifiers.functions.bnmlp.spark.bench;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import weka.core.Instance;
import weka.core.Instances;

/**
 * Spark MLlib's MultilayerPerceptronClassifier (sigmoid hidden layers, softmax output, L-BFGS) on
 * the benchmark's data, for comparison: the data as a cached DataFrame of (label, features).
 */
final class MllibBaseline {

  private final SparkSession spark;
  private final Dataset<Row> train;
  private final Dataset<Row> test;
  private final int[] layers;

  MllibBaseline(SparkSession spark, Instances train, Instances test, int[] hidden, int partitions) {
    this.spark = spark;
    this.train = frame(train, partitions).cache();
    this.test = frame(test, partitions).cache();
    this.train.count();
    this.test.count();
    layers = new int[hidden.length + 2];
    layers[0] = train.numAttributes() - 1;
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = train.numClasses();
  }

  /** One run from scratch with at most {@code iterations} L-BFGS iterations: seconds and test accuracy. */
  double[] run(int iterations, int blockSize, long seed) {
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(layers)
        .setMaxIter(iterations).setBlockSize(blockSize).setSeed(seed).setTol(0);
    long start = System.nanoTime();
    MultilayerPerceptronClassificationModel model = mlp.fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(test));
    return new double[] {seconds, 100 * accuracy};
  }

  private Dataset<Row> frame(Instances data, int partitions) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    List<Row> rows = new ArrayList<>(data.numInstances());
    int classIndex = data.classIndex();
    for (Instance row : data) {
      double[] x = new double[data.numAttributes() - 1];
      for (int a = 0, j = 0; a < data.numAttributes(); a++) {
        if (a != classIndex) {
          x[j++] = row.value(a);
        }
      }
      rows.add(RowFactory.create(row.classValue(), Vectors.dense(x)));
    }
    return spark.createDataFrame(rows, schema).repartition(partitions);
  }
}
