package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import weka.classifiers.evaluation.Evaluation;
import weka.core.Instances;
import weka.core.SerializationHelper;
import weka.core.Utils;

/**
 * Results a user can trust (issue 15): divergence is caught and marked, each model runs on its own
 * thread count, a saved model continues where it stopped, and bad values are refused by name.
 */
class BatchNormMLPTrustTest {

  // ------------------------------------------------------------------ divergence

  private static BatchNormMLP trained(String options, Instances data) throws Exception {
    BatchNormMLP c = new BatchNormMLP();
    c.setOptions(Utils.splitOptions(options));
    c.buildClassifier(data);
    return c;
  }

  private static void assertFinitePredictions(BatchNormMLP c, Instances data) throws Exception {
    for (double[] p : c.distributionsForInstances(data)) {
      for (double v : p) {
        assertTrue(Double.isFinite(v), "prediction " + v);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "nominal, -optimizer sgd -lr 1e6 -epochs 20",
      "nominal, -optimizer adam -lr 1e6 -epochs 20",
      "numeric, -optimizer sgd -lr 1e6 -epochs 20",
      "numeric, -optimizer adam -lr 1e6 -epochs 20",
      "nominal, -optimizer sgd -lr 1e6 -epochs 20 -validation-percent 20",
      "numeric, -bn none -optimizer sgd -momentum 0 -lr 1e12 -epochs 50"})
  void aDivergingRunStopsAndIsMarkedDiverged(String classType, String options) throws Exception {
    Instances data = classType.equals("nominal") ? SyntheticData.blobs(150, 3, 4, 1)
        : SyntheticData.regression(200, 1);
    BatchNormMLP c = trained(options, data);
    assertEquals(1.0, c.getMeasure("measureDiverged"), "measure for the Experimenter");
    assertTrue(c.getMeasure("measureEpochsTrained") < 20,
        "stopped early, at epoch " + c.getMeasure("measureEpochsTrained"));
    String text = c.toString();
    assertTrue(text.matches("(?s).*[Dd]iverged at epoch \\d+.*"), text);
    assertTrue(text.contains("lower -lr"), text);
    assertFinitePredictions(c, data); // the weights kept are those of the last epoch before the divergence
  }

  /**
   * A run that diverges after some good epochs keeps the weights of the last good one: the same
   * model as a run told to stop after that many epochs.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-optimizer sgd -lr 3 -bn before", "-optimizer sgd -lr 0.5 -bn none"})
  void aLaterDivergenceKeepsTheWeightsOfTheEpochBefore(String options) throws Exception {
    Instances data = SyntheticData.blobs(150, 3, 4, 1);
    BatchNormMLP diverged = trained(options + " -epochs 30", data);
    assertEquals(1.0, diverged.getMeasure("measureDiverged"));
    int kept = (int) diverged.getMeasure("measureEpochsTrained");
    assertTrue(kept >= 1, "diverged after " + kept + " good epochs; this test needs at least one");
    assertTrue(diverged.toString().contains("Training diverged at epoch " + (kept + 1) + ": training loss"),
        diverged.toString());
    assertTrue(diverged.toString().contains("weights of epoch " + kept + " kept"), diverged.toString());
    BatchNormMLP stopped = trained(options + " -epochs " + kept, data);
    assertEquals(0.0, stopped.getMeasure("measureDiverged"));
    assertEquals(0, maxDifference(stopped.distributionsForInstances(data), diverged.distributionsForInstances(data)),
        0, "predictions of the diverged run against a run of " + kept + " epochs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nominal", "numeric"})
  void aHealthyRunIsNotMarked(String classType) throws Exception {
    Instances data = classType.equals("nominal") ? SyntheticData.blobs(150, 3, 4, 1)
        : SyntheticData.regression(200, 1);
    BatchNormMLP c = trained("-epochs 15 -lr 0.01", data);
    assertEquals(0.0, c.getMeasure("measureDiverged"));
    assertFalse(c.toString().toLowerCase().contains("diverged"), c.toString());
  }

  @Test
  void theAdviceFitsTheSettings() throws Exception {
    Instances data = SyntheticData.blobs(150, 3, 4, 1);
    String withBn = trained("-bn before -optimizer sgd -lr 1e6 -epochs 20", data).toString();
    assertFalse(withBn.contains("-bn before") && withBn.contains("try"), withBn);
    assertFalse(withBn.toLowerCase().contains("use batch normalization"), withBn);
    String withoutBn = trained("-bn none -optimizer sgd -lr 1e6 -epochs 20", data).toString();
    assertTrue(withoutBn.contains("-bn before"), withoutBn);
    assertFalse(withoutBn.contains("fewer hidden layers"), withoutBn);
    String deep = trained("-hidden 8x30 -optimizer sgd -lr 1e6 -epochs 3", data).toString();
    assertTrue(deep.contains("fewer hidden layers (now 30)"), deep);
  }

  // ------------------------------------------------------------------ threads per model

  /** Trains with Weka's iterative protocol; all models of one call are initialised before any trains. */
  /** A model's predictions on its training data, and its last epoch's training loss. */
  private static final class Trained {
    final double[][] predictions;
    final double loss;

    Trained(double[][] predictions, double loss) {
      this.predictions = predictions;
      this.loss = loss;
    }
  }

  private static Trained[] trainTogether(Instances data, String... options) throws Exception {
    CyclicBarrier initialised = new CyclicBarrier(options.length);
    ExecutorService pool = Executors.newFixedThreadPool(options.length);
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Future<Trained>[] results = new Future[options.length];
      for (int i = 0; i < options.length; i++) {
        String o = options[i];
        results[i] = pool.submit(() -> {
          BatchNormMLP c = new BatchNormMLP();
          c.setOptions(Utils.splitOptions(o));
          c.initializeClassifier(data);
          initialised.await();
          while (c.next()) {
            // epochs
          }
          c.done();
          return new Trained(c.distributionsForInstances(data), c.trainedModel().log().lastTrainingLoss());
        });
      }
      Trained[] out = new Trained[options.length];
      for (int i = 0; i < options.length; i++) {
        out[i] = results[i].get();
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  private static double maxDifference(double[][] a, double[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }

  @Test
  void concurrentModelsEachKeepTheirOwnThreadCount() throws Exception {
    Instances data = SyntheticData.blobs(800, 3, 10, 5);
    String one = "-hidden 48,48 -epochs 3 -batch-size 64 -lr 0.01 -num-threads 1";
    String two = "-hidden 48,48 -epochs 3 -batch-size 64 -lr 0.01 -num-threads 2";
    Trained oneAlone = trainTogether(data, one)[0];
    Trained twoAlone = trainTogether(data, two)[0];
    // the thread count changes the order in which the loss's pieces are added, so the two losses differ
    // in the last digits (which is what lets the test see which count a model ran on; the model itself
    // may come out the same); the same options give the same model and loss exactly
    assertNotEquals(oneAlone.loss, twoAlone.loss, 0, "1 and 2 threads add the loss up the same way");
    Trained[] together = trainTogether(data, one, two);
    assertEquals(oneAlone.loss, together[0].loss, 0, "1-thread loss trained next to a 2-thread one");
    assertEquals(twoAlone.loss, together[1].loss, 0, "2-thread loss trained next to a 1-thread one");
    assertEquals(0, maxDifference(oneAlone.predictions, together[0].predictions), 0,
        "1-thread model trained next to a 2-thread one");
    assertEquals(0, maxDifference(twoAlone.predictions, together[1].predictions), 0,
        "2-thread model trained next to a 1-thread one");
  }

  // ------------------------------------------------------------------ continuing a saved model

  private static String weka(String... args) throws Exception {
    return Evaluation.evaluateModel(new BatchNormMLP(), args);
  }

  private static File arff(File dir, String name, Instances data) throws Exception {
    File f = new File(dir, name);
    Files.write(f.toPath(), data.toString().getBytes(StandardCharsets.UTF_8));
    return f;
  }

  private static double[][] predictions(File model, Instances data) throws Exception {
    BatchNormMLP c = (BatchNormMLP) SerializationHelper.read(model.getPath());
    return c.distributionsForInstances(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-bn after -lr 0.003 -hidden 24,12 -num-threads 1",
      "-bn after -lr 0.003 -hidden 24,12 -num-threads 1 -validation-percent 20 -patience 50",
      "-bn none -optimizer sgd -lr 0.02 -hidden 16 -batch-size 40 -num-threads 1"})
  void fivePlusFiveEpochsThroughTheCommandLineEqualTen(String settings, @TempDir File dir) throws Exception {
    Instances data = SyntheticData.blobs(300, 3, 5, 2);
    String train = arff(dir, "train.arff", data).getPath();
    String five = new File(dir, "five.model").getPath();
    String continued = new File(dir, "continued.model").getPath();
    String ten = new File(dir, "ten.model").getPath();
    String[] s = Utils.splitOptions(settings);
    weka(concat(new String[] {"-t", train, "-no-cv", "-d", five, "-epochs", "5"}, s));
    weka(concat(new String[] {"-t", train, "-no-cv", "-d", ten, "-epochs", "10"}, s));
    // as the command: -l and -T, only the new total of epochs given; every other setting from the model
    String out = weka("-l", five, "-t", train, "-T", train, "-continue-iterating", "-d", continued, "-epochs", "10");
    assertTrue(out.contains("Epochs trained: 10"), out);

    BatchNormMLP loaded = (BatchNormMLP) SerializationHelper.read(continued);
    BatchNormMLP reference = new BatchNormMLP();
    reference.setOptions(concat(Utils.splitOptions("-epochs 10"), Utils.splitOptions(settings)));
    assertEquals(Utils.joinOptions(reference.getOptions()), Utils.joinOptions(loaded.getOptions()),
        "the saved settings survive");
    double[][] expected = predictions(new File(ten), data);
    double[][] actual = loaded.distributionsForInstances(data);
    assertTrue(maxDifference(expected, predictions(new File(five), data)) > 1e-3, "5 epochs differ from 10");
    // the same computations in the same order: equal bit for bit (the docs promise float precision)
    assertEquals(0, maxDifference(expected, actual), 0, "5 + 5 epochs against 10");
  }

  @Test
  void continuingWithAConflictingOptionIsRefusedByName(@TempDir File dir) throws Exception {
    Instances data = SyntheticData.blobs(120, 2, 3, 2);
    String train = arff(dir, "train.arff", data).getPath();
    String five = new File(dir, "five.model").getPath();
    weka("-t", train, "-no-cv", "-d", five, "-epochs", "5", "-bn", "after", "-hidden", "8");
    Exception e = assertThrows(Exception.class, () -> weka("-l", five, "-t", train, "-T", train,
        "-continue-iterating", "-epochs", "10", "-bn", "before", "-lr", "0.5"));
    assertTrue(e.getMessage().contains("-bn before") && e.getMessage().contains("after"), e.getMessage());
    assertTrue(e.getMessage().contains("-lr 0.5"), e.getMessage());
  }

  @Test
  void continuingWithoutMoreEpochsSaysSoInsteadOfStartingOver(@TempDir File dir) throws Exception {
    Instances data = SyntheticData.blobs(120, 2, 3, 2);
    String train = arff(dir, "train.arff", data).getPath();
    String five = new File(dir, "five.model").getPath();
    weka("-t", train, "-no-cv", "-d", five, "-epochs", "5", "-bn", "after", "-hidden", "8");
    Exception e = assertThrows(Exception.class, () -> weka("-l", five, "-t", train, "-T", train,
        "-continue-iterating"));
    assertTrue(e.getMessage().contains("-epochs"), e.getMessage());
  }

  @Test
  void aCleanedUpModelRefusesToContinue() throws Exception {
    Instances data = SyntheticData.blobs(60, 2, 3, 2);
    BatchNormMLP c = trained("-epochs 2 -hidden 8", data);
    c.setResume(false);
    c.done(); // the Explorer's "Clean up model"
    c.setResume(true);
    c.setNumEpochs(4);
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(data));
    assertTrue(e.getMessage().contains("no training state"), e.getMessage());
  }

  @Test
  void continuingOnOtherDataIsRefusedAndKeepsTheModel() throws Exception {
    Instances data = SyntheticData.blobs(60, 2, 3, 2);
    BatchNormMLP c = trained("-epochs 2 -hidden 8", data);
    double[][] before = c.distributionsForInstances(data);
    c.setResume(true);
    c.setNumEpochs(4);
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(SyntheticData.blobs(50, 2, 3, 3)));
    assertTrue(e.getMessage().contains("60") && e.getMessage().contains("50"), e.getMessage());
    assertEquals(0, maxDifference(before, c.distributionsForInstances(data)), 0, "the model is still there");
  }

  @Test
  void inMemoryResumeWithTheSameEpochsSaysThereIsNothingToContinue() throws Exception {
    Instances data = SyntheticData.blobs(60, 2, 3, 2);
    BatchNormMLP c = trained("-epochs 2 -hidden 8", data);
    c.setResume(true);
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(data));
    assertTrue(e.getMessage().contains("-epochs 4"), e.getMessage());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // ------------------------------------------------------------------ values and messages

  @ParameterizedTest
  @CsvSource({"alpha, NaN", "alpha, Infinity", "lr, 1e400", "lr, NaN", "momentum, NaN", "l2, Infinity",
      "bn-momentum, NaN", "bn-epsilon, 1e400", "bn-epsilon, Infinity", "bn-epsilon, NaN",
      "validation-percent, NaN", "validation-percent, -Infinity"})
  void nonFiniteValuesAreRefusedByOptionAndValue(String option, String value) {
    Exception e = assertThrows(Exception.class,
        () -> new BatchNormMLP().setOptions(new String[] {"-" + option, value}));
    assertTrue(e.getMessage().contains("-" + option) && e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void aNonFiniteValueSetInTheGuiIsRefusedWhenBuilding() {
    BatchNormMLP c = new BatchNormMLP();
    c.setBnEpsilon(Double.POSITIVE_INFINITY);
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(SyntheticData.blobs(20, 2, 2, 1)));
    assertTrue(e.getMessage().contains("-bn-epsilon") && e.getMessage().contains("Infinity"), e.getMessage());
  }

  @Test
  void batchNormalizationOverOneRowIsWarnedAbout() throws Exception {
    Instances one = new Instances(SyntheticData.blobs(10, 2, 2, 1), 0, 1);
    String text = trained("-epochs 3", one).toString();
    assertTrue(text.contains("Warning") && text.contains("one row"), text);
    assertFalse(trained("-epochs 3 -bn none", one).toString().contains("Warning"));
    String batchOfOne = trained("-epochs 2 -batch-size 1", SyntheticData.blobs(10, 2, 2, 1)).toString();
    assertTrue(batchOfOne.contains("Warning") && batchOfOne.contains("one row"), batchOfOne);
    // a last partial batch of one row joins the previous batch: no warning
    assertFalse(trained("-epochs 2 -batch-size 8", SyntheticData.blobs(17, 2, 2, 1)).toString().contains("Warning"));
  }
}
