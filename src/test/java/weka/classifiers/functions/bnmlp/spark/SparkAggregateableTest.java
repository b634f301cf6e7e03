package weka.classifiers.functions.bnmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import scala.Tuple2;
import weka.classifiers.Classifier;
import weka.classifiers.Evaluation;
import weka.classifiers.functions.BatchNormMLP;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;
import weka.distributed.DistributedWekaException;
import weka.distributed.WekaClassifierMapTask;
import weka.distributed.WekaClassifierReduceTask;

/**
 * BatchNormMLP as an Aggregateable classifier in distributedWekaBase's map and reduce tasks, driven
 * on Spark as distributedWekaSpark drives them: one map task per partition trains a model on its
 * rows, the driver hands the models and their row counts to the reduce task.
 */
class SparkAggregateableTest {

  static final String OPTIONS = "-hidden 16,16 -epochs 8 -batch-size 32 -lr 0.003 -S 4";

  /** Per partition: a map task trains a copy of the classifier; emits it with its training rows. */
  static List<Tuple2<Classifier, Integer>> mapTasks(Instances data, String options, int partitions) {
    Instances header = new Instances(data, 0);
    return SparkTestContext.rows(data, partitions).mapPartitions((Iterator<Instance> rows) -> {
      BatchNormMLP mlp = new BatchNormMLP();
      mlp.setOptions(Utils.splitOptions(options));
      WekaClassifierMapTask task = new WekaClassifierMapTask();
      task.setClassifier(mlp);
      task.setup(header);
      while (rows.hasNext()) {
        task.processInstance(rows.next());
      }
      task.finalizeTask();
      return Collections.singletonList(new Tuple2<>(task.getClassifier(), task.getNumTrainingInstances())).iterator();
    }).collect();
  }

  static Classifier reduce(List<Tuple2<Classifier, Integer>> mapped) throws DistributedWekaException {
    List<Classifier> models = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    for (Tuple2<Classifier, Integer> m : mapped) {
      models.add(m._1());
      rows.add(m._2());
    }
    return new WekaClassifierReduceTask().aggregate(models, rows, false);
  }

  static double accuracy(Classifier c, Instances data) throws Exception {
    Evaluation e = new Evaluation(data);
    e.evaluateModel(c, data);
    return e.pctCorrect();
  }

  @Test
  void theReduceTaskAveragesThePartitionModels() throws Exception {
    Instances train = SyntheticTask.make(6_000, 31);
    Instances test = SyntheticTask.make(2_000, 32);
    List<Tuple2<Classifier, Integer>> mapped = mapTasks(train, OPTIONS, 2);
    assertEquals(2, mapped.size());
    // the reference: the element-wise mean of the partition networks, computed here
    double[] a = ((BatchNormMLP) mapped.get(0)._1()).trainedModel().engine().snapshot().parameters();
    double[] b = ((BatchNormMLP) mapped.get(1)._1()).trainedModel().engine().snapshot().parameters();
    double[] mean = new double[a.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = (a[i] + b[i]) / 2;
    }
    double worstPart = Math.min(accuracy(mapped.get(0)._1(), test), accuracy(mapped.get(1)._1(), test));

    Classifier reduced = reduce(mapped);

    assertTrue(reduced instanceof BatchNormMLP, "an Aggregateable result, not a Vote ensemble: " + reduced.getClass());
    BatchNormMLP averaged = (BatchNormMLP) reduced;
    assertArrayEquals(mean, averaged.trainedModel().engine().snapshot().parameters(), 1e-6);
    double acc = accuracy(averaged, test);
    System.out.printf("SparkAggregateableTest: worst partition model %.2f%%, averaged model %.2f%%%n", worstPart, acc);
    assertTrue(acc > 70, "averaged model well above guessing (33%): " + acc);
    assertTrue(acc > worstPart - 3, "averaged " + acc + " vs worst partition model " + worstPart);
  }

  @Test
  void modelsWithDifferentSeedsOrLayersAreRefusedNamingTheDifference() throws Exception {
    Instances train = SyntheticTask.make(1_000, 33);
    BatchNormMLP one = new BatchNormMLP();
    one.setOptions(Utils.splitOptions("-hidden 8 -epochs 1 -S 1"));
    one.buildClassifier(train);
    BatchNormMLP seed = new BatchNormMLP();
    seed.setOptions(Utils.splitOptions("-hidden 8 -epochs 1 -S 2"));
    seed.buildClassifier(train);
    BatchNormMLP wider = new BatchNormMLP();
    wider.setOptions(Utils.splitOptions("-hidden 9 -epochs 1 -S 1"));
    wider.buildClassifier(train);

    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> one.aggregate(seed));
    assertTrue(e.getMessage().contains("different initialisations (he seed 1 vs he seed 2)"),
        e.getMessage());
    BatchNormMLP fresh = new BatchNormMLP();
    fresh.setOptions(Utils.splitOptions("-hidden 8 -epochs 1 -S 1"));
    fresh.buildClassifier(train);
    e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> fresh.aggregate(wider));
    assertTrue(e.getMessage().contains("hidden layers ([8] vs [9])"), e.getMessage());
  }
}
