package weka.classifiers.functions.bnmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import weka.classifiers.Evaluation;
import weka.classifiers.functions.BatchNormMLP;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.converters.AbstractFileSaver;
import weka.core.converters.ArffSaver;
import weka.core.converters.CSVSaver;

/** The command line from ARFF and CSV files to a model file that Weka's -l loads. */
class SparkTrainCommandTest {

  static File save(Instances data, AbstractFileSaver saver, File file) throws Exception {
    saver.setInstances(data);
    saver.setFile(file);
    saver.writeBatch();
    return file;
  }

  @Test
  void arffRowsParsedByTheExecutorsAreTheFilesRows(@TempDir Path dir) throws Exception {
    Instances data = SyntheticTask.make(500, 41);
    data.instance(3).setMissing(2);
    File arff = save(data, new ArffSaver(), dir.resolve("d.arff").toFile());
    InputRows rows = InputRows.read(SparkTestContext.get(), arff.getPath(), -1, 3);
    assertEquals(3, rows.rows.getNumPartitions());
    assertEquals(null, rows.header.equalHeadersMsg(new Instances(data, 0)));
    List<Instance> read = rows.rows.collect();
    assertEquals(data.numInstances(), read.size());
    for (int i = 0; i < read.size(); i++) {
      assertEquals(data.instance(i).toString(), read.get(i).toString(), "row " + i);
    }
  }

  @Test
  void trainsFromArffAndCsvIntoModelsWekaLoads(@TempDir Path dir) throws Exception {
    Instances data = labelsInOrder(SyntheticTask.make(3_000, 42));
    File test = save(SyntheticTask.make(500, 43), new ArffSaver(), dir.resolve("test.arff").toFile());
    for (File input : new File[] {save(data, new ArffSaver(), dir.resolve("train.arff").toFile()),
        save(data, new CSVSaver(), dir.resolve("train.csv").toFile())}) {
      File model = dir.resolve(input.getName() + ".model").toFile();
      SparkTrain.parse(Utils.splitOptions("-t " + input + " -d " + model + " -partitions 2 -local-steps 4"
          + " -hidden 16 -epochs 3 -S 2")).run(SparkTestContext.get());
      String output = Evaluation.evaluateModel(new BatchNormMLP(), new String[] {"-l", model.getPath(), "-T",
          test.getPath()});
      assertTrue(output.contains("Dead ReLU units on training data (3000 instances)"), output);
      assertTrue(output.contains("12 inputs -> hidden 16 -> 3 outputs"), output);
    }
  }

  /**
   * The data with a row of each class first, in the header's order: CSVLoader orders labels as they
   * appear, and a model is only compatible with test data whose labels are in the same order.
   */
  static Instances labelsInOrder(Instances data) {
    Instances result = new Instances(data, data.numInstances());
    boolean[] moved = new boolean[data.numInstances()];
    for (int c = 0; c < data.numClasses(); c++) {
      for (int i = 0; i < data.numInstances(); i++) {
        if (!moved[i] && (int) data.instance(i).classValue() == c) {
          result.add(data.instance(i));
          moved[i] = true;
          break;
        }
      }
    }
    for (int i = 0; i < data.numInstances(); i++) {
      if (!moved[i]) {
        result.add(data.instance(i));
      }
    }
    return result;
  }

  @Test
  void unknownOptionsAreRefused() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> SparkTrain.parse(Utils.splitOptions("-t a.arff -d m.model -no-such-option 3")));
    assertTrue(e.getMessage().contains("-no-such-option"), e.getMessage());
  }
}
