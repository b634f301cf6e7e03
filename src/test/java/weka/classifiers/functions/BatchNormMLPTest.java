package weka.classifiers.functions;

import java.io.File;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;

import junit.framework.Test;
import junit.framework.TestSuite;
import weka.classifiers.AbstractClassifierTest;
import weka.classifiers.Classifier;
import weka.classifiers.evaluation.NominalPrediction;
import weka.classifiers.evaluation.NumericPrediction;
import weka.classifiers.evaluation.Prediction;
import weka.core.Instances;
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

  /**
   * Predictions rounded to 5 significant digits before they are compared with the reference: the
   * network computes in float32 with OpenBLAS, whose kernels (and so the last bits of a sum) depend
   * on the processor model, while the reference must hold on every machine CI may run on.
   */
  @Override
  protected ArrayList<Prediction> useClassifier(Instances data) throws Exception {
    ArrayList<Prediction> rounded = new ArrayList<>();
    for (Prediction p : super.useClassifier(data)) {
      if (p instanceof NominalPrediction) {
        double[] distribution = ((NominalPrediction) p).distribution().clone();
        for (int i = 0; i < distribution.length; i++) {
          distribution[i] = round(distribution[i]);
        }
        rounded.add(new NominalPrediction(p.actual(), distribution, p.weight()));
      } else {
        rounded.add(new NumericPrediction(p.actual(), round(p.predicted()), p.weight()));
      }
    }
    return rounded;
  }

  private static double round(double value) {
    return Double.isFinite(value) ? new BigDecimal(value).round(new MathContext(5)).doubleValue() : value;
  }

  public static Test suite() {
    return new TestSuite(BatchNormMLPTest.class);
  }
}
