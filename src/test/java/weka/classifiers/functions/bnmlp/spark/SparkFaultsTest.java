package weka.classifiers.functions.bnmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.BatchNormMLP;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.WekaException;

/** A task that fails once is retried with the same result; bad input fails as the Weka classifier fails. */
class SparkFaultsTest {

  static final String OPTIONS = "-hidden 16,16 -epochs 2 -batch-size 32 -S 5";

  static BatchNormMLP options(String text) throws Exception {
    BatchNormMLP mlp = new BatchNormMLP();
    mlp.setOptions(Utils.splitOptions(text));
    return mlp;
  }

  static double[] parameters(BatchNormMLP mlp) throws Exception {
    return mlp.trainedModel().engine().snapshot().parameters();
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheModelIsTheSame() throws Exception {
    Instances data = SyntheticTask.make(3_000, 21);
    Instances header = new Instances(data, 0);
    BatchNormMLP clean = new SparkMlpTrainer(options(OPTIONS)).localSteps(4)
        .train(SparkTestContext.rows(data, 2), header);
    int before = FaultInjection.INJECTED.get();
    // epoch 2, round 3, partition 1: its first attempt runs the replica's steps, then throws
    BatchNormMLP retried = new SparkMlpTrainer(options(OPTIONS)).localSteps(4).failFirstAttempt(2, 3, 1)
        .train(SparkTestContext.rows(data, 2), header);
    assertEquals(before + 1, FaultInjection.INJECTED.get(), "one injected failure, retried by Spark");
    assertArrayEquals(parameters(clean), parameters(retried), 0.0, "retried run's parameters");
    assertArrayEquals(clean.trainedModel().engine().snapshot().statistics(),
        retried.trainedModel().engine().snapshot().statistics(), 0.0, "retried run's BN statistics");
    // and the state really moves between runs with other options, so equality above means something
    BatchNormMLP other = new SparkMlpTrainer(options(OPTIONS.replace("-S 5", "-S 6"))).localSteps(4)
        .train(SparkTestContext.rows(data, 2), header);
    assertFalse(java.util.Arrays.equals(parameters(clean), parameters(other)));
  }

  /** The message the Weka classifier gives for this data and these options. */
  static String wekaError(String text, Instances data) {
    return assertThrows(Exception.class, () -> options(text).buildClassifier(data)).getMessage();
  }

  static String sparkError(String text, Instances data) {
    return assertThrows(Exception.class, () -> new SparkMlpTrainer(options(text))
        .train(SparkTestContext.rows(data, 2), new Instances(data, 0))).getMessage();
  }

  @Test
  void badOptionsGiveTheClassifiersErrors() throws Exception {
    Instances data = SyntheticTask.make(200, 22);
    for (String bad : new String[] {"-lr -1", "-hidden 8,x", "-batch-size 0", "-bn-momentum 2"}) {
      assertEquals(wekaError(bad, data), sparkError(bad, data), bad);
    }
  }

  @Test
  void badDataGiveTheClassifiersErrors() throws Exception {
    ArrayList<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("text", (java.util.List<String>) null));
    attributes.add(new Attribute("y"));
    Instances strings = new Instances("strings", attributes, 2);
    strings.setClassIndex(1);
    strings.add(new DenseInstance(1.0, new double[] {strings.attribute(0).addStringValue("a"), 1}));
    assertEquals(wekaError("", strings), sparkError("", strings));

    Instances unlabelled = SyntheticTask.make(50, 23);
    for (int i = 0; i < unlabelled.numInstances(); i++) {
      unlabelled.instance(i).setClassMissing();
    }
    assertEquals(wekaError("", unlabelled), sparkError("", unlabelled));
  }

  @Test
  void optionsTheSparkTrainerCannotHonourAreRefusedByName() throws Exception {
    Instances data = SyntheticTask.make(200, 24);
    WekaException e = assertThrows(WekaException.class, () -> new SparkMlpTrainer(options("-validation-percent 10"))
        .train(SparkTestContext.rows(data, 2), new Instances(data, 0)));
    assertEquals(true, e.getMessage().contains("-validation-percent"), e.getMessage());
  }
}
