package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import weka.core.Utils;

/**
 * Networks that cannot fit are refused before anything is allocated (before, the first crashed the
 * JVM in a native allocation and the second trained for minutes into an OutOfMemoryError).
 */
class MemoryRefusalTest {

  private static Exception buildFails(String options) throws Exception {
    BatchNormMLP classifier = new BatchNormMLP();
    classifier.setOptions(Utils.splitOptions(options));
    return assertThrows(Exception.class, () -> classifier.buildClassifier(SyntheticData.blobs(150, 3, 4, 1)));
  }

  @Test
  void aNetworkFarBeyondTheMachineIsRefusedNamingMemory() throws Exception {
    String message = buildFails("-hidden 100000,100000 -epochs 1").getMessage();
    assertTrue(message.contains("not enough memory") && message.contains("-hidden 100000,100000"), message);
  }

  @Test
  void aNetworkBeyondTheHeapIsRefusedBeforeTraining() throws Exception {
    // the suite's JVM has -Xmx2g; folding a 20000 x 20000 layer for prediction alone takes 4.8 GB of heap
    String message = buildFails("-hidden 20000,20000 -epochs 1").getMessage();
    assertTrue(message.contains("not enough memory") && message.contains("Java heap"), message);
  }
}
