package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weka.classifiers.Evaluation;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.rules.ZeroR;
import weka.core.Instances;
import weka.core.SerializationHelper;
import weka.core.Utils;

/** The classifier learns, predicts reproducibly, survives serialization and trains epoch by epoch. */
class BatchNormMLPLearningTest {

  private static final Instances TRAIN = SyntheticData.blobs(300, 3, 4, 1);
  private static final Instances TEST = SyntheticData.blobs(150, 3, 4, 2);

  private static BatchNormMLP trained(String options, Instances data) throws Exception {
    BatchNormMLP c = new BatchNormMLP();
    c.setOptions(Utils.splitOptions(options));
    c.buildClassifier(data);
    return c;
  }

  private static double accuracy(weka.classifiers.Classifier c) throws Exception {
    Evaluation e = new Evaluation(TRAIN);
    e.evaluateModel(c, TEST);
    return e.pctCorrect();
  }

  @ParameterizedTest(name = "bn {0}, {1}")
  @CsvSource({"none,relu", "before,relu", "after,relu", "none,leakyrelu", "before,leakyrelu", "after,leakyrelu"})
  void learnsASeparableProblemForEveryPlacementAndActivation(String bn, String activation) throws Exception {
    ZeroR zeroR = new ZeroR();
    zeroR.buildClassifier(TRAIN);
    double baseline = accuracy(zeroR);
    double accuracy = accuracy(trained("-hidden 16,16 -epochs 30 -bn " + bn + " -activation " + activation, TRAIN));
    assertTrue(baseline < 40, "ZeroR " + baseline);
    assertTrue(accuracy > 95, "held-out accuracy " + accuracy + " vs ZeroR " + baseline);
  }

  @Test
  void numericClassIsLearnedOnItsOwnScale() throws Exception {
    Instances train = SyntheticData.regression(400, 3);
    Instances test = SyntheticData.regression(200, 4);
    BatchNormMLP c = trained("-hidden 32,32 -epochs 60 -lr 0.003", train);
    Evaluation e = new Evaluation(train);
    e.evaluateModel(c, test);
    double std = Math.sqrt(test.variance(test.classIndex()));
    assertTrue(e.rootMeanSquaredError() < 0.25 * std, "RMSE " + e.rootMeanSquaredError() + ", class std " + std);
    assertEquals(100, e.meanPriorAbsoluteError() > 0 ? c.classifyInstance(test.instance(0)) : 0,
        20, "prediction mapped back to the class scale (mean about 100)");
  }

  @Test
  void sameSeedSameModelOtherSeedOtherModel() throws Exception {
    String options = "-hidden 16 -epochs 5";
    double[][] a = trained(options, TRAIN).distributionsForInstances(TEST);
    double[][] b = trained(options, TRAIN).distributionsForInstances(TEST);
    double[][] c = trained(options + " -S 2", TRAIN).distributionsForInstances(TEST);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i], 0.0);
    }
    assertFalse(java.util.Arrays.equals(a[0], c[0]));
  }

  @Test
  void serializedModelPredictsIdentically() throws Exception {
    BatchNormMLP original = trained("-hidden 8,8 -epochs 5 -bn after -activation leakyrelu -alpha 0.2", TRAIN);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationHelper.write(bytes, original);
    BatchNormMLP copy = (BatchNormMLP) SerializationHelper.read(new ByteArrayInputStream(bytes.toByteArray()));
    double[][] expected = original.distributionsForInstances(TEST);
    double[][] actual = copy.distributionsForInstances(TEST);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], 0.0);
      assertArrayEquals(expected[i], copy.distributionForInstance(TEST.instance(i)), 1e-6);
    }
    assertEquals(0.2, copy.getLeakyReluAlpha(), 0);
    DeadUnitReport before = original.deadUnitReport(TEST);
    DeadUnitReport after = copy.deadUnitReport(TEST);
    assertEquals(before.totalInactiveUnits(), after.totalInactiveUnits());
    assertEquals(before.layer(0).inactiveFraction(), after.layer(0).inactiveFraction(), 0);
  }

  @Test
  void iterativeTrainingEqualsBuildAndResumeContinuesTheSameRun() throws Exception {
    double[][] tenEpochs = trained("-hidden 8 -epochs 10", TRAIN).distributionsForInstances(TEST);

    BatchNormMLP stepwise = new BatchNormMLP();
    stepwise.setOptions(Utils.splitOptions("-hidden 8 -epochs 10"));
    stepwise.initializeClassifier(TRAIN);
    int epochs = 0;
    while (stepwise.next()) {
      epochs++;
    }
    stepwise.done();
    assertEquals(10, epochs);
    assertEquals(10, stepwise.trainedModel().log().epochs());

    BatchNormMLP resumed = new BatchNormMLP();
    resumed.setOptions(Utils.splitOptions("-hidden 8 -epochs 4"));
    resumed.setResume(true);
    resumed.buildClassifier(TRAIN);
    resumed.setNumEpochs(10);
    resumed.buildClassifier(TRAIN);
    assertEquals(10, resumed.trainedModel().log().epochs());

    double[][] a = stepwise.distributionsForInstances(TEST);
    double[][] b = resumed.distributionsForInstances(TEST);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(tenEpochs[i], a[i], 0.0);
      assertArrayEquals(tenEpochs[i], b[i], 0.0);
    }
  }

  @Test
  void earlyStoppingKeepsTheWeightsOfTheBestEpoch() throws Exception {
    Instances noisy = SyntheticData.blobs(200, 3, 2, 5);
    BatchNormMLP early = trained("-hidden 64,64 -epochs 150 -lr 0.01 -validation-percent 25 -patience 5", noisy);
    int best = early.trainedModel().log().bestEpoch();
    assertTrue(early.trainedModel().log().stoppedEarly(), early.toString());
    assertTrue(best >= 1 && best < early.trainedModel().log().epochs());
    // the same run cut at the best epoch, without stopping, must give the same network
    BatchNormMLP cut = trained("-hidden 64,64 -lr 0.01 -validation-percent 25 -patience 1000 -epochs " + best, noisy);
    Instances test = SyntheticData.blobs(100, 3, 2, 6);
    double[][] a = early.distributionsForInstances(test);
    double[][] b = cut.distributionsForInstances(test);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(b[i], a[i], 0.0);
    }
    assertTrue(early.toString().contains("<- kept"), early.toString());
  }

  @Test
  void diagnosticsRecordOneEntryPerEpochTrained() throws Exception {
    BatchNormMLP c = trained("-hidden 8,8 -epochs 150 -lr 0.01 -validation-percent 25 -patience 3 -diagnostics",
        SyntheticData.blobs(200, 3, 2, 5));
    int epochs = c.trainedModel().log().epochs();
    assertTrue(epochs < 150, "early stopping should end this run; epochs " + epochs);
    assertEquals(epochs, c.trainedModel().trajectory().epochs());
    assertEquals(2, c.trainedModel().trajectory().initial().length);
    for (int e = 0; e < epochs; e++) {
      assertTrue(c.trainedModel().trajectory().epoch(e)[1].gradientNorm > 0);
    }
    String text = c.toString();
    assertTrue(text.contains("At initialisation, before any update") && text.contains("grad norm"), text);
    assertEquals(null, trained("-hidden 4 -epochs 1", TRAIN).trainedModel().trajectory());
  }

  @Test
  void progressGoesToTheExplorerLogAndAnInterruptStopsTrainingWithoutAModel() throws Exception {
    java.util.List<String> status = new java.util.ArrayList<>();
    java.util.List<String> logged = new java.util.ArrayList<>();
    BatchNormMLP c = new BatchNormMLP();
    c.setOptions(Utils.splitOptions("-hidden 8 -epochs 3 -diagnostics"));
    c.setLog(new weka.gui.Logger() {
      @Override
      public void logMessage(String message) {
        logged.add(message);
      }

      @Override
      public void statusMessage(String message) {
        status.add(message);
      }
    });
    c.buildClassifier(TRAIN);
    assertEquals(3, status.size(), status.toString());
    assertTrue(status.get(2).matches("BatchNormMLP: epoch 3/3, loss [0-9.]+, dead units per layer \\d+"), status.get(2));
    assertTrue(logged.get(0).startsWith("BatchNormMLP: trained 3 epochs"), logged.toString());

    BatchNormMLP stopped = new BatchNormMLP();
    stopped.setOptions(Utils.splitOptions("-hidden 8 -epochs 1000"));
    Exception[] failure = new Exception[1];
    Thread training = new Thread(() -> {
      try {
        stopped.buildClassifier(SyntheticData.blobs(5000, 3, 4, 3));
      } catch (Exception e) {
        failure[0] = e;
      }
    });
    training.start();
    Thread.sleep(1500);
    training.interrupt(); // what the Explorer's Stop button does
    training.join(30000);
    assertFalse(training.isAlive(), "training did not stop");
    assertTrue(failure[0] instanceof InterruptedException && failure[0].getMessage().contains("training stopped"),
        String.valueOf(failure[0]));
    assertFalse(stopped.hasNetwork());
  }

  @Test
  void batchPredictionOverManyChunksEqualsOneInstanceAtATime() throws Exception {
    BatchNormMLP c = trained("-hidden 16,16 -epochs 3 -bn before", TRAIN);
    Instances many = SyntheticData.blobs(2600, 3, 4, 9); // three prediction chunks, the last one partial
    double[][] batch = c.distributionsForInstances(many);
    for (int i = 0; i < many.numInstances(); i += 97) {
      assertArrayEquals(c.distributionForInstance(many.instance(i)), batch[i], 1e-6, "instance " + i);
    }
    assertArrayEquals(c.distributionForInstance(many.instance(2599)), batch[2599], 1e-6);
  }

  @Test
  void testDataWithAnotherHeaderIsRefusedClearly() throws Exception {
    BatchNormMLP c = trained("-hidden 4 -epochs 1", TRAIN);
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> c.distributionsForInstances(SyntheticData.blobs(10, 3, 2, 1)));
    assertTrue(e.getMessage().contains("do not match the training data"), e.getMessage());
  }

  @Test
  void modelSummaryShowsConfigurationBackendLossAndDeadUnitTable() throws Exception {
    String text = trained("-hidden 8x3 -epochs 3", TRAIN).toString();
    for (String expected : new String[] {"hidden 8x3 ->", "before: Linear -> BN -> activation", "Backend:    ND4J",
        "training loss", "Dead ReLU units on training data (300 instances)", "mean zero frac"}) {
      assertTrue(text.contains(expected), expected + " missing from\n" + text);
    }
  }
}
