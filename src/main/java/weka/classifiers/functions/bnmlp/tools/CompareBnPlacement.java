package weka.classifiers.functions.bnmlp.tools;

import java.beans.PropertyDescriptor;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

import javax.swing.DefaultListModel;

import weka.classifiers.Classifier;
import weka.classifiers.functions.BatchNormMLP;
import weka.core.Instances;
import weka.core.Range;
import weka.core.Utils;
import weka.core.converters.ConverterUtils.DataSource;
import weka.experiment.ClassifierSplitEvaluator;
import weka.experiment.Experiment;
import weka.experiment.InstancesResultListener;
import weka.experiment.PairedCorrectedTTester;
import weka.experiment.PropertyNode;
import weka.experiment.RandomSplitResultProducer;
import weka.experiment.ResultMatrixPlainText;

/**
 * Runs a Weka experiment comparing BN placement (none, before, after) and activation (ReLU,
 * LeakyReLU) on several data sets, and prints the corrected paired t-test tables for accuracy and
 * for the dead-unit measures, the first configuration being the baseline.
 *
 * <pre>
 * java ... weka.classifiers.functions.bnmlp.tools.CompareBnPlacement [-runs 10] [-train-percent 66]
 *     [-results results.arff] [-options "-hidden 64,64 -epochs 50"] data1.arff data2.arff ...
 * </pre>
 */
public final class CompareBnPlacement {

  static final String[][] CONFIGURATIONS = {
      {"before", "relu"}, {"after", "relu"}, {"none", "relu"},
      {"before", "leakyrelu"}, {"after", "leakyrelu"}, {"none", "leakyrelu"}};

  static final String[] COMPARED = {"Percent_correct", "measureDeadUnits", "measureDeadFraction",
      "measureZeroFraction"};

  private CompareBnPlacement() {
  }

  public static void main(String[] args) throws Exception {
    String runs = Utils.getOption("runs", args);
    String percent = Utils.getOption("train-percent", args);
    String resultsPath = Utils.getOption("results", args);
    String common = Utils.getOption("options", args);
    List<File> data = new ArrayList<>();
    for (String a : args) {
      if (!a.isEmpty()) {
        data.add(new File(a));
      }
    }
    if (data.isEmpty()) {
      System.err.println("Usage: CompareBnPlacement [-runs N] [-train-percent P] [-results file.arff] "
          + "[-options \"BatchNormMLP options\"] data.arff [more.arff ...]");
      System.exit(2);
    }
    File results = resultsPath.isEmpty() ? File.createTempFile("bn-placement-", ".arff") : new File(resultsPath);
    run(data, runs.isEmpty() ? 10 : Integer.parseInt(runs), percent.isEmpty() ? 66 : Double.parseDouble(percent),
        common, results);
    System.out.println(report(DataSource.read(results.getAbsolutePath())));
    System.out.println("Raw results: " + results.getAbsolutePath());
  }

  /** One BatchNormMLP per configuration, with the shared options. */
  static Classifier[] configurations(String commonOptions) throws Exception {
    Classifier[] result = new Classifier[CONFIGURATIONS.length];
    for (int i = 0; i < result.length; i++) {
      BatchNormMLP c = new BatchNormMLP();
      c.setOptions(Utils.splitOptions(commonOptions + " -bn " + CONFIGURATIONS[i][0] + " -activation "
          + CONFIGURATIONS[i][1]));
      result[i] = c;
    }
    return result;
  }

  /** Runs the experiment: repeated random train/test splits, results written to {@code results}. */
  public static void run(List<File> data, int runs, double trainPercent, String commonOptions, File results)
      throws Exception {
    Classifier[] classifiers = configurations(commonOptions);
    ClassifierSplitEvaluator evaluator = new ClassifierSplitEvaluator();
    evaluator.setClassifier(classifiers[0]);
    RandomSplitResultProducer producer = new RandomSplitResultProducer();
    producer.setTrainPercent(trainPercent);
    producer.setSplitEvaluator(evaluator);

    Experiment experiment = new Experiment();
    experiment.setResultProducer(producer);
    experiment.setPropertyPath(new PropertyNode[] {
        new PropertyNode(evaluator, new PropertyDescriptor("splitEvaluator", RandomSplitResultProducer.class),
            RandomSplitResultProducer.class),
        new PropertyNode(classifiers[0], new PropertyDescriptor("classifier", ClassifierSplitEvaluator.class),
            ClassifierSplitEvaluator.class)});
    experiment.setPropertyArray(classifiers);
    experiment.setUsePropertyIterator(true);
    DefaultListModel<File> datasets = new DefaultListModel<>();
    for (File f : data) {
      datasets.addElement(f);
    }
    experiment.setDatasets(datasets);
    experiment.setRunLower(1);
    experiment.setRunUpper(runs);
    InstancesResultListener listener = new InstancesResultListener();
    listener.setOutputFile(results);
    experiment.setResultListener(listener);
    experiment.initialize();
    experiment.runExperiment();
    experiment.postProcess();
  }

  /** The t-test table of every compared column present in the results. */
  public static String report(Instances results) throws Exception {
    PairedCorrectedTTester tester = new PairedCorrectedTTester();
    tester.setInstances(results);
    tester.setSortColumn(-1);
    tester.setRunColumn(results.attribute("Key_Run").index());
    tester.setFoldColumn(-1);
    tester.setDatasetKeyColumns(new Range("" + (results.attribute("Key_Dataset").index() + 1)));
    tester.setResultsetKeyColumns(new Range((results.attribute("Key_Scheme").index() + 1) + ","
        + (results.attribute("Key_Scheme_options").index() + 1) + ","
        + (results.attribute("Key_Scheme_version_ID").index() + 1)));
    ResultMatrixPlainText matrix = new ResultMatrixPlainText();
    matrix.setShowStdDev(true);
    matrix.setColNameWidth(0);
    tester.setResultMatrix(matrix);
    tester.setDisplayedResultsets(null);
    tester.setSignificanceLevel(0.05);
    tester.setShowStdDevs(true);

    StringBuilder sb = new StringBuilder();
    sb.append("Configurations (columns, the first is the baseline):\n");
    for (int i = 0; i < CONFIGURATIONS.length; i++) {
      sb.append(String.format("  (%d) -bn %s -activation %s%n", i + 1, CONFIGURATIONS[i][0], CONFIGURATIONS[i][1]));
    }
    for (String column : COMPARED) {
      if (results.attribute(column) == null) {
        continue;
      }
      int index = results.attribute(column).index();
      String table = tester.multiResultsetFull(0, index);
      int key = table.indexOf("\nKey:");
      boolean first = sb.indexOf("Key:") < 0;
      sb.append("\n=== ").append(column).append(" ===\n");
      sb.append(first || key < 0 ? table : table.substring(0, key + 1)); // the key once is enough
    }
    sb.append("\nv / * : significantly higher / lower than the baseline (1), corrected paired t-test, 5% level.\n"
        + "With LeakyReLU the dead-unit columns count all-negative units.\n");
    return sb.toString();
  }
}
