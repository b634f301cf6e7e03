package weka.classifiers.evaluation.output.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import weka.classifiers.Evaluation;
import weka.classifiers.functions.BatchNormMLP;
import weka.classifiers.functions.bnmlp.diagnostics.BatchPredictions;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;
import weka.classifiers.functions.bnmlp.engine.TestSnapshots;
import weka.classifiers.trees.J48;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.Utils;

/**
 * The output plugin on a network with hand-set weights: its dead units are known, and differ
 * between the training data and the evaluated data, so the table must come from the evaluated data.
 */
class DeadUnitsTest {

  /** Two numeric inputs, standardized by the classifier; values drawn from [lo, hi]. */
  private static Instances data(int rows, double lo, double hi, long seed) {
    ArrayList<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("x0"));
    attributes.add(new Attribute("x1"));
    ArrayList<String> labels = new ArrayList<>();
    labels.add("a");
    labels.add("b");
    attributes.add(new Attribute("class", labels));
    Instances d = new Instances("d", attributes, rows);
    d.setClassIndex(2);
    Random random = new Random(seed);
    for (int i = 0; i < rows; i++) {
      d.add(new DenseInstance(1, new double[] {lo + (hi - lo) * random.nextDouble(),
          lo + (hi - lo) * random.nextDouble(), i % 2}));
    }
    return d;
  }

  /**
   * Training data symmetric around 0 (standardized inputs take both signs); held-out data far
   * below the training mean (standardized inputs all negative). Layer 1: u0 = x0 + x1 and u1 = x0
   * (die on held-out data), u2 = -(x0 + x1) (fires on both), u3 = -1 (always dead). Layer 2:
   * v0 = -2 (always dead), v1 = +1, v2 = relu(u0) (dies with u0).
   */
  private static BatchNormMLP constructed(Instances train) throws Exception {
    BatchNormMLP mlp = new BatchNormMLP();
    mlp.setOptions(Utils.splitOptions("-hidden 4,3 -bn none -epochs 1"));
    mlp.buildClassifier(train);
    NetworkSpec spec = mlp.trainedModel().engine().spec();
    ParameterLayout layout = new ParameterLayout(spec);
    double[] p = new double[(int) layout.size()];
    set(p, layout, 0, 0, 0, 1);
    set(p, layout, 0, 1, 0, 1);
    set(p, layout, 0, 0, 1, 1);
    set(p, layout, 0, 0, 2, -1);
    set(p, layout, 0, 1, 2, -1);
    p[(int) layout.bias(0) + 3] = -1;
    p[(int) layout.bias(1)] = -2;
    p[(int) layout.bias(1) + 1] = 1;
    set(p, layout, 1, 0, 2, 1);
    mlp.trainedModel().engine().restore(TestSnapshots.of(p, new double[1]));
    return mlp;
  }

  private static void set(double[] p, ParameterLayout layout, int l, int i, int j, double v) {
    p[(int) layout.weights(l) + j * layout.in(l) + i] = v;
  }

  /** Dead counts per layer read from the first table of the text. */
  private static int[] deadPerLayer(String text, int layers) {
    int[] dead = new int[layers];
    for (int l = 1; l <= layers; l++) {
      Matcher m = Pattern.compile("(?m)^\\s+" + l + "\\s+\\d+\\s+(\\d+)\\s").matcher(text);
      assertTrue(m.find(), "no row for layer " + l + " in\n" + text);
      dead[l - 1] = Integer.parseInt(m.group(1));
    }
    return dead;
  }

  private static String evaluate(BatchNormMLP mlp, Instances train, Instances test, boolean batch) throws Exception {
    DeadUnits output = new DeadUnits();
    StringBuffer buffer = new StringBuffer();
    output.setHeader(train);
    output.setBuffer(buffer);
    output.printHeader();
    if (batch) {
      new Evaluation(train).evaluateModel(mlp, test, output); // batch path: distributions only
    } else {
      for (int i = 0; i < test.numInstances(); i++) {
        output.printClassification(mlp, test.instance(i), i); // the Explorer's per-instance path
      }
    }
    output.printFooter();
    return buffer.toString();
  }

  @Test
  void tableCountsDeadUnitsOnTheEvaluatedDataNotTheTrainingData() throws Exception {
    Instances train = data(400, -1, 1, 1);
    Instances heldOut = data(300, -10, -5, 2);
    BatchNormMLP mlp = constructed(train);

    assertEquals(1, mlp.deadUnitReport(train).layer(0).inactiveUnits(), "only u3 on training data");
    assertEquals(1, mlp.deadUnitReport(train).layer(1).inactiveUnits(), "only v0 on training data");

    for (boolean batch : new boolean[] {true, false}) {
      String text = evaluate(mlp, train, heldOut, batch);
      assertTrue(text.contains("Dead ReLU units on test data (300 instances)"), text);
      int[] dead = deadPerLayer(text, 2);
      assertEquals(3, dead[0], "u0, u1, u3 on held-out data\n" + text);
      assertEquals(2, dead[1], "v0 and v2 on held-out data\n" + text);
    }
  }

  @Test
  void crossValidationPrintsEveryFoldAndASummary() throws Exception {
    Instances train = data(120, -1, 1, 3);
    BatchNormMLP mlp = new BatchNormMLP();
    mlp.setOptions(Utils.splitOptions("-hidden 6 -epochs 2"));
    DeadUnits output = new DeadUnits();
    StringBuffer buffer = new StringBuffer();
    output.setHeader(train);
    output.setBuffer(buffer);
    new Evaluation(train).crossValidateModel(mlp, train, 3, new Random(1), output);
    String text = buffer.toString();
    for (String expected : new String[] {"fold 1 (40 instances)", "fold 2", "fold 3", "Summary over 3 folds"}) {
      assertTrue(text.contains(expected), expected + " missing from\n" + text);
    }
  }

  @Test
  void anotherClassifierGetsAClearLineInsteadOfACrash() throws Exception {
    Instances train = data(60, -1, 1, 4);
    // a BatchNormMLP predicted on this thread before: its entry must not be taken for J48's
    BatchNormMLP earlier = new BatchNormMLP();
    earlier.setOptions(Utils.splitOptions("-hidden 4 -epochs 1"));
    earlier.buildClassifier(train);
    earlier.distributionsForInstances(train);
    DeadUnits output = new DeadUnits();
    StringBuffer buffer = new StringBuffer();
    output.setHeader(train);
    output.setBuffer(buffer);
    new Evaluation(train).crossValidateModel(new J48(), train, 2, new Random(1), output);
    assertTrue(buffer.toString().contains("the classifier is weka.classifiers.trees.J48, not BatchNormMLP"),
        buffer.toString());
    assertTrue(!buffer.toString().contains("Dead ReLU units"), buffer.toString());

    StringBuffer perInstance = new StringBuffer();
    output.setBuffer(perInstance);
    output.printHeader();
    J48 tree = new J48();
    tree.buildClassifier(train);
    output.printClassification(tree, train.instance(0), 0);
    output.printFooter();
    assertTrue(perInstance.toString().contains("the classifier is weka.classifiers.trees.J48, not BatchNormMLP"),
        perInstance.toString());
  }

  @Test
  void wrapsPlainTextSoPredictionsAndTablesAppearTogether() throws Exception {
    Instances train = data(60, -1, 1, 5);
    BatchNormMLP mlp = new BatchNormMLP();
    mlp.setOptions(Utils.splitOptions("-hidden 4 -epochs 1"));
    mlp.buildClassifier(train);
    DeadUnits output = new DeadUnits();
    output.setOptions(Utils.splitOptions("-predictions weka.classifiers.evaluation.output.prediction.PlainText"));
    assertTrue(Utils.joinOptions(output.getOptions()).contains("PlainText"));
    String text = evaluate(mlp, train, data(10, -1, 1, 6), true);
    assertTrue(text.contains("Dead ReLU units on test data"), text);
    output.setHeader(train);
    StringBuffer buffer = new StringBuffer();
    output.setBuffer(buffer);
    output.printHeader();
    new Evaluation(train).evaluateModel(mlp, data(10, -1, 1, 6), output);
    output.printFooter();
    assertTrue(buffer.toString().contains("inst#"), buffer.toString());
    assertTrue(buffer.toString().contains("Dead ReLU units on test data (10 instances)"), buffer.toString());
  }

  @Test
  void onlyTheVeryArraysOfTheAnnouncedBatchAreCredited() {
    DeadUnits output = new DeadUnits();
    Object network = new Object();
    double[][] batch = {{0.1, 0.9}, {0.8, 0.2}};
    output.predicted(network, batch);
    assertSame(network, output.batchClassifierOf(batch[1], 1));
    assertNull(output.batchClassifierOf(new double[] {0.8, 0.2}, 1), "equal values, other array");
    assertNull(output.batchClassifierOf(batch[0], 1), "right array, wrong row");
  }

  @Test
  void theOutputListensOnlyWhilePrinting() throws Exception {
    DeadUnits output = new DeadUnits();
    output.setHeader(new weka.core.Instances("empty", new java.util.ArrayList<>(), 0));
    output.setBuffer(new StringBuffer());
    output.printHeader();
    double[][] batch = {{1.0}};
    BatchPredictions.announce("a network", batch);
    assertSame("a network", output.batchClassifierOf(batch[0], 0));
    output.printFooter();
    BatchPredictions.announce("another", new double[][] {{1.0}});
    assertNull(output.batchClassifierOf(batch[0], 0), "after the footer nothing is kept or heard");
  }
}
