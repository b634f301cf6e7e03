package weka.classifiers.functions;

import java.io.File;

import junit.framework.Test;
import junit.framework.TestSuite;
import weka.classifiers.AbstractClassifierTest;
import weka.classifiers.Classifier;
import weka.test.Regression;

/**
 * Weka's own classifier battery (CheckClassifier, CheckOptionHandler, CheckGOE and the regression
 * comparison) run on BatchNormMLP with its default options.
 */
public class BatchNormMLPTest extends AbstractClassifierTest {

  public BatchNormMLPTest(String name) {
    super(name);
  }

  @Override
  public Classifier getClassifier() {
    return new BatchNormMLP();
  }

  /**
   * Weka's harness writes a missing reference file and passes; the reference is committed, so its
   * absence is a failure here rather than a silent new baseline. To write a new one on purpose,
   * delete the old file and run once with {@code -Dbnmlp.writeReference=true}.
   */
  @Override
  public void testRegression() throws Exception {
    File reference = new File(Regression.getRoot(), getClass().getName().replace('.', '/') + ".ref");
    if (!Boolean.getBoolean("bnmlp.writeReference")) {
      assertTrue("regression reference missing: " + reference, reference.isFile());
    }
    super.testRegression();
  }

  public static Test suite() {
    return new TestSuite(BatchNormMLPTest.class);
  }
}
