package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.SelectedTag;
import weka.core.Utils;

/** Command-line and GUI options: round trips at non-default values, and every bad value's error. */
class BatchNormMLPOptionsTest {

  private static final String NON_DEFAULT = "-hidden 16,8x2 -bn after -activation leakyrelu -alpha 0.2 "
      + "-init xavier -optimizer sgd -lr 0.05 -momentum 0.8 -l2 0.001 -batch-size 48 -epochs 7 -S 42 "
      + "-bn-momentum 0.2 -bn-epsilon 0.001 -validation-percent 15.0 -patience 4 -num-threads 1 -backend cpu "
      + "-diagnostics";

  @Test
  void everyOptionRoundTripsAtANonDefaultValue() throws Exception {
    BatchNormMLP first = new BatchNormMLP();
    first.setOptions(Utils.splitOptions(NON_DEFAULT));
    assertEquals(0.2, first.getLeakyReluAlpha(), 0);
    assertEquals("after", first.getBatchNormPlacement().getSelectedTag().getIDStr());
    assertEquals("48", first.getBatchSize());
    assertEquals(42, first.getSeed());

    BatchNormMLP second = new BatchNormMLP();
    second.setOptions(first.getOptions());
    assertArrayEquals(first.getOptions(), second.getOptions());
    String line = Utils.joinOptions(second.getOptions());
    for (String expected : new String[] {"-alpha 0.2", "-bn after", "-activation leakyrelu", "-init xavier",
        "-optimizer sgd", "-lr 0.05", "-batch-size 48", "-epochs 7", "-S 42", "-patience 4",
        "-validation-percent 15.0", "-momentum 0.8", "-l2 0.001", "-bn-momentum 0.2", "-bn-epsilon 0.001",
        "-num-threads 1", "-backend cpu", "-diagnostics"}) {
      assertTrue(line.contains(expected), expected + " missing from " + line);
    }
    assertTrue(line.contains("-hidden 16,8x2"), line);
  }

  /** The command line is derived from the declarations: whatever is declared is listed, written and checked. */
  @Test
  void everyDeclaredOptionIsListedWrittenAndRefusesANonsenseValueByName() throws Exception {
    String written = " " + Utils.joinOptions(new BatchNormMLP().getOptions()) + " ";
    int declared = 0;
    for (weka.core.Option o : java.util.Collections.list(new BatchNormMLP().listOptions())) {
      if (o.synopsis().contains("num-decimal-places") || o.synopsis().contains("output-debug-info")
          || o.synopsis().contains("do-not-check-capabilities")) {
        continue; // Weka's own
      }
      declared++;
      if (o.numArguments() == 0) {
        continue; // a flag, off by default
      }
      assertTrue(written.contains(" -" + o.name() + " "), "-" + o.name() + " not written: " + written);
      Exception e = assertThrows(Exception.class,
          () -> new BatchNormMLP().setOptions(new String[] {"-" + o.name(), "NaN"}));
      assertTrue(e.getMessage().contains("-" + o.name()), "-" + o.name() + " NaN: " + e.getMessage());
    }
    assertEquals(19, declared, "options on the command line (resume is GUI-only: -continue-iterating sets it)");
  }

  @Test
  void guiDropDownsReachTheCommandLine() {
    BatchNormMLP c = new BatchNormMLP();
    c.setBatchNormPlacement(new SelectedTag("none", BatchNormMLP.TAGS_BN));
    c.setActivation(new SelectedTag("leakyrelu", BatchNormMLP.TAGS_ACTIVATION));
    c.setLeakyReluAlpha(0.3);
    String line = Utils.joinOptions(c.getOptions());
    assertTrue(line.contains("-bn none") && line.contains("-activation leakyrelu") && line.contains("-alpha 0.3"),
        line);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "-hidden 10,,x           | -hidden \"10,,x\" is invalid",
      "-hidden 0               | layer size 0 is not positive",
      "-hidden -5              | layer size -5 is not positive",
      "-hidden 10,x            | 'x' is not a whole number or SIZExCOUNT",
      "-hidden 8x              | '8x' is not a whole number or SIZExCOUNT",
      "-hidden 64x0            | repeat count 0 is not positive",
      "-bn sideways            | -bn: unknown value 'sideways'; expected one of none|before|after",
      "-activation tanh        | -activation: unknown value 'tanh'; expected one of relu|leakyrelu",
      "-init zeros             | -init: unknown value 'zeros'",
      "-optimizer rmsprop      | -optimizer: unknown value 'rmsprop'",
      "-lr 0                   | -lr must be positive (got 0.0)",
      "-lr -1                  | -lr must be positive (got -1.0)",
      "-lr fast                | -lr: 'fast' is not a number",
      "-batch-size 0           | -batch-size must be positive (got 0)",
      "-batch-size many        | -batch-size: 'many' is not a whole number",
      "-epochs 0               | -epochs must be positive (got 0)",
      "-epochs 2.5             | -epochs: '2.5' is not a whole number",
      "-momentum 1             | -momentum must be in [0, 1)",
      "-alpha 1.5              | -alpha must be in [0, 1) (got 1.5)",
      "-bn-epsilon 0           | -bn-epsilon must be positive",
      "-validation-percent 100 | -validation-percent must be in [0, 100)",
      "-patience 0             | -patience must be positive",
      "-num-threads -2         | -num-threads must be 0 (all cores) or positive (got -2)",
      "-backend gpu            | -backend: unknown value 'gpu'; expected one of auto|cpu|cuda"})
  void badCommandLineValuesAreNamedInTheError(String options, String message) {
    Exception e = assertThrows(Exception.class, () -> new BatchNormMLP().setOptions(Utils.splitOptions(options)));
    assertTrue(e.getMessage().contains(message), "message was: " + e.getMessage());
  }

  @Test
  void badValuesSetInTheGuiFailTheBuildWithTheOptionName() {
    BatchNormMLP c = new BatchNormMLP();
    c.setLearningRate(0);
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(SyntheticData.blobs(30, 2, 2, 1)));
    assertTrue(e.getMessage().contains("-lr must be positive"), e.getMessage());

    BatchNormMLP d = new BatchNormMLP();
    d.setHiddenLayers("8,,");
    e = assertThrows(Exception.class, () -> d.buildClassifier(SyntheticData.blobs(30, 2, 2, 1)));
    assertTrue(e.getMessage().contains("-hidden \"8,,\" is invalid"), e.getMessage());
  }

  @Test
  void cudaOnAMachineWithoutTheCudaPackageSaysWhy() throws Exception {
    BatchNormMLP c = new BatchNormMLP();
    c.setOptions(Utils.splitOptions("-backend cuda"));
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(SyntheticData.blobs(30, 2, 2, 1)));
    assertTrue(e.getMessage().contains("-backend cuda: the CUDA backend is not installed"), e.getMessage());
  }

  @Test
  void stringAttributesAreRefusedByName() {
    ArrayList<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("text", (ArrayList<String>) null));
    attributes.add(new Attribute("y"));
    Instances data = new Instances("strings", attributes, 1);
    data.setClassIndex(1);
    double[] v = {data.attribute(0).addStringValue("hello"), 1};
    data.add(new DenseInstance(1, v));
    Exception e = assertThrows(Exception.class, () -> new BatchNormMLP().buildClassifier(data));
    assertTrue(e.getMessage().toLowerCase().contains("string attributes"), e.getMessage());
  }

  @Test
  void noTrainingInstancesIsAnError() {
    Instances empty = new Instances(SyntheticData.blobs(10, 2, 2, 1), 0);
    Exception e = assertThrows(Exception.class, () -> new BatchNormMLP().buildClassifier(empty));
    assertTrue(e.getMessage().contains("no training instances"), e.getMessage());
  }

  @Test
  void divergenceIsReportedWithEpochAndAdviceAndKeepsTheLastGoodWeights() throws Exception {
    BatchNormMLP c = new BatchNormMLP();
    c.setOptions(Utils.splitOptions("-bn none -optimizer sgd -momentum 0 -lr 1e12 -epochs 50"));
    Instances data = SyntheticData.regression(200, 1);
    c.buildClassifier(data);
    assertTrue(c.toString().matches("(?s).*DIVERGED: Training diverged at epoch \\d+: training loss (NaN|Infinity|\\S+)"
        + ".*Try a lower -lr \\(now 1.0E12.*-bn before.*"), c.toString());
    assertTrue(Double.isFinite(c.distributionForInstance(data.instance(0))[0]));
  }
}
