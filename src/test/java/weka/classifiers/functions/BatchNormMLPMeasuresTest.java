package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.tools.CompareBnPlacement;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.converters.ArffSaver;
import weka.core.converters.ConverterUtils.DataSource;

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
  void anExperimentProducesDeadUnitColumnsPerConfiguration(@TempDir Path dir) throws Exception {
    File dataFile = dir.resolve("blobs.arff").toFile();
    ArffSaver saver = new ArffSaver();
    saver.setInstances(SyntheticData.blobs(90, 3, 3, 8));
    saver.setFile(dataFile);
    saver.writeBatch();

    File results = dir.resolve("results.arff").toFile();
    CompareBnPlacement.run(java.util.Collections.singletonList(dataFile), 2, 66, "-hidden 8,8 -epochs 2", results);
    assertTrue(Files.size(results.toPath()) > 0);
    Instances table = DataSource.read(results.getAbsolutePath());
    assertEquals(12, table.numInstances(), "6 configurations x 2 runs");
    for (String column : new String[] {"measureDeadUnits", "measureDeadFraction", "measureDeadUnitsLayer1",
        "measureDeadUnitsLayer2", "measureEpochsTrained", "Percent_correct"}) {
      assertTrue(table.attribute(column) != null, column + " missing from the results");
    }
    for (int i = 0; i < table.numInstances(); i++) {
      assertEquals(2, table.instance(i).value(table.attribute("measureEpochsTrained")), 0);
    }
    String report = CompareBnPlacement.report(table);
    assertTrue(report.contains("=== Percent_correct ===") && report.contains("=== measureDeadUnits ===")
        && report.contains("(6) -bn none -activation leakyrelu"), report);
  }
}
