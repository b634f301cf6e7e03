package weka.classifiers.functions;

import java.nio.file.Files;
import java.nio.file.Path;

import weka.classifiers.Evaluation;

/**
 * Run in a child JVM by {@link NativeBuildSelectionTest}: trains and evaluates a small network, then
 * prints the ND4J CPU libraries the process really mapped (read from /proc/self/maps, not from the
 * package's own report) and the model's backend line.
 */
public final class NativeBuildProbe {

  private NativeBuildProbe() {
  }

  public static void main(String[] args) throws Exception {
    BatchNormMLP classifier = new BatchNormMLP();
    classifier.setOptions(new String[] {"-hidden", "16,16", "-epochs", "3"});
    weka.core.Instances data = SyntheticData.blobs(200, 3, 4, 1);
    classifier.buildClassifier(data);
    Evaluation evaluation = new Evaluation(data);
    evaluation.evaluateModel(classifier, data);
    for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
      if (line.endsWith("/libnd4jcpu.so")) {
        System.out.println("mapped " + line.substring(line.indexOf('/')));
      }
    }
    for (String line : classifier.toString().split("\\R")) {
      if (line.contains("ND4J")) {
        System.out.println("backend " + line.trim());
      }
    }
    System.out.println("accuracy " + evaluation.pctCorrect());
  }
}
