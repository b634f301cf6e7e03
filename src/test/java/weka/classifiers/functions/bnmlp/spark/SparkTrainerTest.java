package weka.classifiers.functions.bnmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weka.classifiers.Classifier;
import weka.classifiers.Evaluation;
import weka.classifiers.functions.BatchNormMLP;
import weka.core.Instances;
import weka.core.SerializationHelper;
import weka.core.Utils;
import weka.core.converters.ArffSaver;

/**
 * Spark training against single-machine training with the same options, seed and epochs, on 20,000
 * generated rows with a 5,000-row test set; and the result used the way Weka users use a model.
 */
class SparkTrainerTest {

  static final String OPTIONS = "-hidden 32,32 -epochs 15 -batch-size 64 -lr 0.003 -S 3";

  static Instances train;
  static Instances test;
  static BatchNormMLP single;
  static BatchNormMLP spark;

  @BeforeAll
  static void trainBoth() throws Exception {
    train = SyntheticTask.make(20_000, 11);
    test = SyntheticTask.make(5_000, 12);
    single = new BatchNormMLP();
    single.setOptions(Utils.splitOptions(OPTIONS));
    single.buildClassifier(train);
    BatchNormMLP options = new BatchNormMLP();
    options.setOptions(Utils.splitOptions(OPTIONS));
    spark = new SparkMlpTrainer(options).localSteps(8).train(SparkTestContext.rows(train, 2), new Instances(train, 0));
  }

  static double accuracy(Classifier c, Instances data) throws Exception {
    Evaluation e = new Evaluation(data);
    e.evaluateModel(c, data);
    return e.pctCorrect();
  }

  @Test
  void accuracyWithinOnePointOfSingleMachineTraining() throws Exception {
    double reference = accuracy(single, test);
    double distributed = accuracy(spark, test);
    System.out.printf("SparkTrainerTest: test accuracy single machine %.2f%%, Spark local[2] %.2f%%%n", reference,
        distributed);
    assertTrue(reference > 80, "the reference should learn the task well above the 33% of guessing: " + reference);
    assertEquals(reference, distributed, 1.0, "Spark and single-machine test accuracy");
  }

  @Test
  void modelHasTheDeadUnitTableOfAllTrainingRowsAndTheClassifiersOptions() throws Exception {
    assertEquals(train.numInstances(), spark.trainedModel().trainingReport().instances());
    assertEquals(2, spark.trainedModel().trainingReport().layers().size());
    assertEquals(15, spark.trainedModel().log().epochs());
    assertEquals(Utils.joinOptions(single.getOptions()), Utils.joinOptions(spark.getOptions()));
    // the table counts units that never fired on any row: the same count as measured on the driver
    assertEquals(spark.deadUnitReport(train).totalInactiveUnits(),
        spark.trainedModel().trainingReport().totalInactiveUnits());
    assertEquals(spark.deadUnitReport(train).layer(0).inactiveFraction(),
        spark.trainedModel().trainingReport().layer(0).inactiveFraction(), 1e-9);
  }

  @Test
  void wekaLoadsTheSavedModelWithDashL(@TempDir Path dir) throws Exception {
    File model = dir.resolve("spark.model").toFile();
    SerializationHelper.writeAll(model.getPath(), new Object[] {spark, new Instances(train, 0)});
    File testArff = dir.resolve("test.arff").toFile();
    ArffSaver saver = new ArffSaver();
    saver.setInstances(test);
    saver.setFile(testArff);
    saver.writeBatch();
    String output = Evaluation.evaluateModel(new BatchNormMLP(),
        new String[] {"-l", model.getPath(), "-T", testArff.getPath()});
    assertTrue(output.contains("Dead ReLU units on training data (20000 instances)"), output);
    assertTrue(output.contains("Correctly Classified Instances"), output);
  }
}
