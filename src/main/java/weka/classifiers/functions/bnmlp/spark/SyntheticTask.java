package weka.classifiers.functions.bnmlp.spark;

import java.util.ArrayList;
import java.util.Random;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * A generated three-class problem with nonlinear class boundaries (products, a sine, a square) and 5%
 * label noise, so accuracy has a ceiling below 100% and a network must learn to get near it; for the
 * Spark tests and benchmark, which compare trainers on it.
 */
public final class SyntheticTask {

  /** Numeric inputs; five of them carry no signal. */
  public static final int FEATURES = 12;

  private SyntheticTask() {
  }

  /** Writes a data set: {@code SyntheticTask <rows> <seed> <file.arff|file.csv>}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("Usage: SyntheticTask <rows> <seed> <file.arff|file.csv>");
      System.exit(1);
    }
    Instances data = make(Integer.parseInt(args[0]), Long.parseLong(args[1]));
    weka.core.converters.AbstractFileSaver saver = args[2].endsWith(".csv")
        ? new weka.core.converters.CSVSaver() : new weka.core.converters.ArffSaver();
    saver.setInstances(data);
    saver.setFile(new java.io.File(args[2]));
    saver.writeBatch();
  }

  public static Instances make(int rows, long seed) {
    ArrayList<Attribute> attributes = new ArrayList<>();
    for (int j = 0; j < FEATURES; j++) {
      attributes.add(new Attribute("x" + j));
    }
    ArrayList<String> labels = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      labels.add("c" + c);
    }
    attributes.add(new Attribute("class", labels));
    Instances data = new Instances("synthetic-3class", attributes, rows);
    data.setClassIndex(FEATURES);
    Random random = new Random(seed);
    for (int i = 0; i < rows; i++) {
      double[] v = new double[FEATURES + 1];
      for (int j = 0; j < FEATURES; j++) {
        v[j] = random.nextGaussian();
      }
      double[] score = {v[0] * v[1] + 0.5 * v[2], Math.sin(2 * v[3]) + v[4] * v[4] - 1, 0.8 * v[5] - v[6] * v[0]};
      int label = 0;
      for (int c = 1; c < 3; c++) {
        if (score[c] > score[label]) {
          label = c;
        }
      }
      if (random.nextDouble() < 0.05) {
        label = random.nextInt(3);
      }
      v[FEATURES] = label;
      data.add(new DenseInstance(1.0, v));
    }
    return data;
  }
}
