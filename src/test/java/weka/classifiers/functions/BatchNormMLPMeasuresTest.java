package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.PropertyDescriptor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import javax.swing.DefaultListModel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weka.classifiers.Classifier;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.RecentPredictor;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.converters.ArffSaver;
import weka.core.converters.ConverterUtils.DataSource;
import weka.experiment.ClassifierSplitEvaluator;
import weka.experiment.Experiment;
import weka.experiment.InstancesResultListener;
import weka.experiment.PropertyNode;
import weka.experiment.RandomSplitResultProducer;

/** Experimenter measures: named as documented, equal to the report, and produced by a real experiment. */
class BatchNormMLPMeasuresTest {

  @Test
  void measuresAreListedAndEqualTheTrainingReport() throws Exception {
    BatchNormMLP c = new BatchNormMLP();
    c.setOptions(Utils.splitOptions("-hidden 12,6,4 -bn none -epochs 3"));
    List<String> before = Collections.list(c.enumerateMeasures());
    for (String name : new String[] {"measureDeadUnits", "measureDeadFraction", "measureZeroFraction",
        "measureEpochsTrained", "measureFinalTrainingLoss", "measureDeadUnitsLayer1", "measureDeadUnitsLayer3"}) {
      assertTrue(before.contains(name), name + " missing from " + before);
    }
    Instances data = SyntheticData.blobs(120, 3, 3, 7);
    c.buildClassifier(data);
    DeadUnitReport report = c.deadUnitReport(data);
    assertEquals(report.totalInactiveUnits(), c.getMeasure("measureDeadUnits"), 0);
    assertEquals(report.totalInactiveUnits() / 22.0, c.getMeasure("measureDeadFraction"), 1e-12);
    for (int l = 0; l < 3; l++) {
      assertEquals(report.layer(l).inactiveUnits(), c.getMeasure("measureDeadUnitsLayer" + (l + 1)), 0);
    }
    assertEquals(3, c.getMeasure("measureEpochsTrained"), 0);
    assertEquals(c.trainedModel().log().lastTrainingLoss(), c.getMeasure("measureFinalTrainingLoss"), 0);
  }

  @Test
  void aStaleBatchIsNeverCreditedWithAnotherDistribution() {
    Object network = new Object();
    double[][] batch = {{0.1, 0.9}, {0.8, 0.2}};
    RecentPredictor.remember(network, batch);
    assertSame(network, RecentPredictor.whoPredicted(batch[1], 1));
    assertNull(RecentPredictor.whoPredicted(new double[] {0.8, 0.2}, 1), "equal values, other array");
    assertNull(RecentPredictor.whoPredicted(batch[0], 1), "right array, wrong row");
  }

  @Test
  void anExperimentProducesDeadUnitColumnsPerConfiguration(@TempDir Path dir) throws Exception {
    File dataFile = dir.resolve("blobs.arff").toFile();
    ArffSaver saver = new ArffSaver();
    saver.setInstances(SyntheticData.blobs(90, 3, 3, 8));
    saver.setFile(dataFile);
    saver.writeBatch();

    Classifier[] configurations = new Classifier[2];
    for (int i = 0; i < 2; i++) {
      BatchNormMLP c = new BatchNormMLP();
      c.setOptions(Utils.splitOptions("-hidden 8,8 -epochs 2 -bn " + (i == 0 ? "none" : "before")));
      configurations[i] = c;
    }
    File results = dir.resolve("results.arff").toFile();
    Experiment experiment = new Experiment();
    ClassifierSplitEvaluator evaluator = new ClassifierSplitEvaluator();
    evaluator.setClassifier(configurations[0]);
    RandomSplitResultProducer producer = new RandomSplitResultProducer();
    producer.setTrainPercent(66);
    producer.setSplitEvaluator(evaluator);
    experiment.setResultProducer(producer);
    experiment.setPropertyPath(new PropertyNode[] {
        new PropertyNode(evaluator, new PropertyDescriptor("splitEvaluator", RandomSplitResultProducer.class),
            RandomSplitResultProducer.class),
        new PropertyNode(configurations[0], new PropertyDescriptor("classifier", ClassifierSplitEvaluator.class),
            ClassifierSplitEvaluator.class)});
    experiment.setPropertyArray(configurations);
    experiment.setUsePropertyIterator(true);
    DefaultListModel<File> datasets = new DefaultListModel<>();
    datasets.addElement(dataFile);
    experiment.setDatasets(datasets);
    experiment.setRunLower(1);
    experiment.setRunUpper(2);
    InstancesResultListener listener = new InstancesResultListener();
    listener.setOutputFile(results);
    experiment.setResultListener(listener);
    experiment.initialize();
    experiment.runExperiment();
    experiment.postProcess();

    assertTrue(Files.size(results.toPath()) > 0);
    Instances table = DataSource.read(results.getAbsolutePath());
    assertEquals(4, table.numInstances(), "2 configurations x 2 runs");
    for (String column : new String[] {"measureDeadUnits", "measureDeadFraction", "measureDeadUnitsLayer1",
        "measureDeadUnitsLayer2", "measureEpochsTrained", "Percent_correct"}) {
      assertTrue(table.attribute(column) != null, column + " missing from the results");
    }
    for (int i = 0; i < table.numInstances(); i++) {
      assertEquals(2, table.instance(i).value(table.attribute("measureEpochsTrained")), 0);
    }
  }
}
