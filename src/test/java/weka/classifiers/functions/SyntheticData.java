package weka.classifiers.functions;

import java.util.ArrayList;
import java.util.Random;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/** Small generated data sets with a known structure, for tests. */
final class SyntheticData {

  private SyntheticData() {
  }

  /**
   * Gaussian blobs, one per class, in {@code numeric} dimensions, plus a nominal attribute of pure
   * noise and a few missing values: separable by a network, not by ZeroR.
   */
  static Instances blobs(int rows, int classes, int numeric, long seed) {
    Random random = new Random(seed);
    ArrayList<Attribute> attributes = new ArrayList<>();
    for (int j = 0; j < numeric; j++) {
      attributes.add(new Attribute("x" + j));
    }
    ArrayList<String> colours = new ArrayList<>();
    colours.add("red");
    colours.add("green");
    colours.add("blue");
    attributes.add(new Attribute("colour", colours));
    ArrayList<String> labels = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      labels.add("c" + c);
    }
    attributes.add(new Attribute("class", labels));
    Instances data = new Instances("blobs", attributes, rows);
    data.setClassIndex(data.numAttributes() - 1);
    double[][] centres = new double[classes][numeric];
    Random centreRandom = new Random(99);
    for (double[] centre : centres) {
      for (int j = 0; j < numeric; j++) {
        centre[j] = 4 * centreRandom.nextGaussian();
      }
    }
    for (int i = 0; i < rows; i++) {
      int c = i % classes;
      double[] v = new double[numeric + 2];
      for (int j = 0; j < numeric; j++) {
        v[j] = centres[c][j] + random.nextGaussian();
      }
      v[numeric] = random.nextInt(3);
      v[numeric + 1] = c;
      DenseInstance instance = new DenseInstance(1.0, v);
      if (random.nextDouble() < 0.02) {
        instance.setMissing(0);
      }
      data.add(instance);
    }
    return data;
  }

  /** y = 3 x0 - 2 x1 + 0.5 x2^2 + 100 + small noise. */
  static Instances regression(int rows, long seed) {
    Random random = new Random(seed);
    ArrayList<Attribute> attributes = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      attributes.add(new Attribute("x" + j));
    }
    attributes.add(new Attribute("y"));
    Instances data = new Instances("regression", attributes, rows);
    data.setClassIndex(3);
    for (int i = 0; i < rows; i++) {
      double x0 = random.nextGaussian();
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      double y = 3 * x0 - 2 * x1 + 0.5 * x2 * x2 + 100 + 0.1 * random.nextGaussian();
      data.add(new DenseInstance(1.0, new double[] {x0, x1, x2, y}));
    }
    return data;
  }
}
