package weka.gui.visualize.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import javax.swing.JPanel;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.BatchNormMLP;
import weka.classifiers.functions.bnmlp.ChartData;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.trees.J48;
import weka.core.Drawable;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.converters.ConverterUtils.DataSource;
import weka.gui.treevisualizer.PlaceNode2;
import weka.gui.treevisualizer.TreeVisualizer;

/** The model's graph carries the dead-unit report to the chart plugin, and Weka's tree view reads it. */
class DeadUnitsChartTest {

  private static Instances iris() throws Exception {
    Instances data = DataSource.read(DeadUnitsChartTest.class.getResourceAsStream(
        "/weka/gui/knowledgeflow/templates/iris.arff"));
    data.setClassIndex(data.numAttributes() - 1);
    return data;
  }

  @Test
  void graphRoundTripsTheReportAndTheTrajectory() throws Exception {
    Instances data = iris();
    BatchNormMLP mlp = new BatchNormMLP();
    mlp.setOptions(Utils.splitOptions("-hidden 16x4 -bn none -lr 0.05 -epochs 6 -diagnostics"));
    mlp.buildClassifier(data);
    assertEquals(Drawable.TREE, mlp.graphType());
    String dot = mlp.graph();
    ChartData parsed = ChartData.fromGraph(dot);
    DeadUnitReport report = mlp.trainedModel().trainingReport();
    assertEquals(4, parsed.layers.size());
    for (int l = 0; l < 4; l++) {
      assertEquals(report.layer(l).units(), parsed.layers.get(l)[0]);
      assertEquals(report.layer(l).inactiveUnits(), parsed.layers.get(l)[1]);
      assertEquals(report.layer(l).inactiveFraction(), parsed.inactiveFractions.get(l), 5e-4);
    }
    assertEquals(6, parsed.epochs.size());
    assertEquals(mlp.trainedModel().trajectory().epoch(5)[3].inactiveUnits, parsed.epochs.get(5)[3]);

    // Weka's own tree view must be able to read the same text
    assertNotNull(new TreeVisualizer(null, dot, new PlaceNode2()));

    JPanel charts = DeadUnitsChart.chartPanel(parsed);
    charts.setSize(charts.getPreferredSize());
    charts.doLayout();
    BufferedImage image = new BufferedImage(charts.getWidth(), charts.getHeight(), BufferedImage.TYPE_INT_RGB);
    charts.printAll(image.createGraphics());
    assertTrue(image.getWidth() > 0);
    assertNotNull(new DeadUnitsChart().getVisualizeMenuItem(dot, "test"));
  }

  @Test
  void theChartReadsItsVersionedLineNotTheLabels() throws Exception {
    BatchNormMLP mlp = new BatchNormMLP();
    mlp.setOptions(Utils.splitOptions("-hidden 8,8 -epochs 2"));
    mlp.buildClassifier(iris());
    String relabelled = mlp.graph().replaceAll("label=\"[^\"]*\"", "label=\"renamed\"");
    assertEquals(2, ChartData.fromGraph(relabelled).layers.size(), "labels are for people; the data line is for the chart");
    String future = mlp.graph().replace("batchNormMLP-chart-data v1", "batchNormMLP-chart-data v9");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChartData.fromGraph(future));
    assertTrue(e.getMessage().contains("v9"), e.getMessage());
  }

  @Test
  void otherClassifiersTreesGetNoMenuItem() throws Exception {
    J48 tree = new J48();
    tree.buildClassifier(iris());
    assertNull(new DeadUnitsChart().getVisualizeMenuItem(tree.graph(), "J48"));
    assertEquals(Drawable.NOT_DRAWABLE, new BatchNormMLP().graphType());
  }
}
