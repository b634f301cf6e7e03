package weka.classifiers.functions.bnmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.SparseInstance;
import weka.core.Utils;

/**
 * The table that prediction encodes instances with gives what Weka's fitted filters give (the
 * reference here): numeric, constant, binary and many-valued nominal attributes, missing values,
 * sparse instances, nominal and numeric classes.
 */
class DirectEncodingTest {

  @ParameterizedTest(name = "numeric class: {0}, nominal attributes: {1}")
  @org.junit.jupiter.params.provider.CsvSource({"false,true", "true,true", "false,false", "true,false"})
  void tableEncodesWhatTheFiltersEncode(boolean numericClass, boolean nominal) throws Exception {
    Instances train = data(numericClass, nominal, 300, new Random(1));
    Instances test = data(numericClass, nominal, 200, new Random(2));
    InstanceEncoder encoder = new InstanceEncoder(train);
    assertNotNull(encoder.directEncodingForTest(), "the table applies to numeric and nominal attributes");
    float[] expected = encoder.filtered(test);
    float[] actual = encoder.inputs(test);
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "value " + i);
    }
    // the row source the prediction threads read gives the same rows, in any slice
    float[] sliced = new float[actual.length];
    float[] part = new float[50 * (actual.length / test.numInstances())];
    for (int from = 0; from < test.numInstances(); from += 50) {
      encoder.rowSource(test).rows(from, from + 50, part);
      System.arraycopy(part, 0, sliced, from * part.length / 50, part.length);
    }
    assertEquals(Arrays.toString(actual), Arrays.toString(sliced));
    // sparse rows read the same
    Instances sparse = new Instances(test, test.numInstances());
    for (Instance row : test) {
      sparse.add(new SparseInstance(row));
    }
    assertEquals(Arrays.toString(actual), Arrays.toString(encoder.inputs(sparse)));
  }

  private static Instances data(boolean numericClass, boolean nominal, int rows, Random random) {
    Instances data = data(numericClass, rows, random);
    if (!nominal) { // numeric attributes only: the table's fast path
      for (String name : new String[] {"single", "colour", "binary"}) {
        data.deleteAttributeAt(data.attribute(name).index());
      }
    }
    return data;
  }

  private static Instances data(boolean numericClass, int rows, Random random) {
    ArrayList<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("wide"));
    attributes.add(new Attribute("constant"));
    attributes.add(new Attribute("binary", Arrays.asList("no", "yes")));
    attributes.add(new Attribute("colour", Arrays.asList("red", "green", "blue", "grey")));
    attributes.add(new Attribute("single", Arrays.asList("only")));
    attributes.add(numericClass ? new Attribute("target") : new Attribute("class", Arrays.asList("a", "b", "c")));
    Instances data = new Instances("probe", attributes, rows);
    data.setClassIndex(attributes.size() - 1);
    for (int r = 0; r < rows; r++) {
      double[] v = {1000 + 250 * random.nextGaussian(), 3, random.nextInt(2), random.nextInt(4), 0,
          numericClass ? random.nextGaussian() : random.nextInt(3)};
      for (int a = 0; a < 5; a++) {
        if (random.nextDouble() < 0.1) {
          v[a] = Utils.missingValue();
        }
      }
      data.add(new DenseInstance(1, v));
    }
    return data;
  }
}
