package weka.classifiers.functions.bnmlp.data;

import java.io.Serializable;

import weka.classifiers.functions.bnmlp.predict.RowSource;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.WekaException;
import weka.filters.Filter;
import weka.filters.unsupervised.attribute.NominalToBinary;
import weka.filters.unsupervised.attribute.ReplaceMissingValues;
import weka.filters.unsupervised.attribute.Standardize;

/**
 * Turns Weka instances into the dense float rows the network trains on, with Weka's own filters:
 * missing values replaced by the training means and modes, nominal attributes one-hot encoded,
 * then every input standardized. A numeric class is standardized here too and mapped back on
 * prediction. Fitted once on the training data; applies the same transformation afterwards.
 */
public final class InstanceEncoder implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Instances header;
  private final Filter[] filters;
  private final int[] inputColumns;
  private final boolean numericClass;
  private final int classIndex;
  private double classMean;
  private double classScale = 1;
  /** The filters as a table, for fast encoding; learned on first use (also after deserialization). */
  private transient DirectEncoding direct;
  private transient boolean directLearned;

  /** Fits the filters (and the numeric class scaling) on {@code training}. */
  public InstanceEncoder(Instances training) throws Exception {
    header = new Instances(training, 0);
    filters = new Filter[] {new ReplaceMissingValues(), new NominalToBinary(), new Standardize()};
    Instances data = training;
    for (Filter f : filters) {
      f.setInputFormat(data);
      data = Filter.useFilter(data, f);
    }
    classIndex = data.classIndex();
    numericClass = data.classAttribute().isNumeric();
    inputColumns = new int[data.numAttributes() - 1];
    for (int a = 0, c = 0; a < data.numAttributes(); a++) {
      if (a != classIndex) {
        inputColumns[c++] = a;
      }
    }
    if (numericClass) {
      fitClassScaling(training);
    }
  }

  private void fitClassScaling(Instances training) {
    double sumW = 0;
    double sum = 0;
    for (Instance inst : training) {
      sumW += inst.weight();
      sum += inst.weight() * inst.classValue();
    }
    classMean = sum / sumW;
    double sq = 0;
    for (Instance inst : training) {
      double d = inst.classValue() - classMean;
      sq += inst.weight() * d * d;
    }
    double std = Math.sqrt(sq / sumW);
    classScale = std > 1e-12 ? std : 1;
  }

  /** The training data's attributes (no rows). */
  public Instances header() {
    return new Instances(header, 0);
  }

  public int inputCount() {
    return inputColumns.length;
  }

  /** The network's inputs for {@code data}, row-major, {@code numInstances * inputCount} values. */
  public float[] inputs(Instances data) throws Exception {
    return inputs(data, 0, data.numInstances());
  }

  /** The network's inputs for rows {@code [from, to)} of {@code data}. */
  public float[] inputs(Instances data, int from, int to) throws Exception {
    checkHeader(data);
    DirectEncoding table = directEncoding();
    if (table != null) {
      return table.encode(data, from, to);
    }
    return filtered(from == 0 && to == data.numInstances() ? data : new Instances(data, from, to - from));
  }

  /**
   * A source of encoded rows of {@code data} that threads can read at once, or null when the data
   * need Weka's filters (which are not thread-safe).
   */
  public RowSource rowSource(Instances data) throws Exception {
    checkHeader(data);
    DirectEncoding table = directEncoding();
    return table == null ? null : (from, to, into) -> table.encode(data, from, to, into);
  }

  private synchronized DirectEncoding directEncoding() throws Exception {
    if (!directLearned) {
      direct = DirectEncoding.learn(header, filters, inputColumns);
      directLearned = true;
    }
    return direct;
  }

  /** For tests: the table, or null where the filters are used directly. */
  DirectEncoding directEncodingForTest() throws Exception {
    return directEncoding();
  }

  /** The network's inputs computed by running the filters on {@code data} (the reference for the table). */
  float[] filtered(Instances data) throws Exception {
    Instances encoded = apply(data);
    int width = inputColumns.length;
    float[] x = new float[encoded.numInstances() * width];
    for (int i = 0; i < encoded.numInstances(); i++) {
      Instance row = encoded.instance(i);
      for (int c = 0; c < width; c++) {
        x[i * width + c] = (float) row.value(inputColumns[c]);
      }
    }
    return x;
  }

  /** Class index (nominal) or standardized value (numeric) of every instance. */
  public float[] targets(Instances data) {
    float[] t = new float[data.numInstances()];
    for (int i = 0; i < t.length; i++) {
      double v = data.instance(i).classValue();
      t[i] = (float) (numericClass ? (v - classMean) / classScale : v);
    }
    return t;
  }

  public static float[] weights(Instances data) {
    float[] w = new float[data.numInstances()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) data.instance(i).weight();
    }
    return w;
  }

  /** Maps a standardized network output back to the class's scale. */
  public double classValue(double networkOutput) {
    return networkOutput * classScale + classMean;
  }

  private void checkHeader(Instances data) throws WekaException {
    if (!header.equalHeaders(data)) {
      throw new WekaException("BatchNormMLP: the data do not match the training data: "
          + header.equalHeadersMsg(data));
    }
  }

  private Instances apply(Instances data) throws Exception {
    checkHeader(data);
    Instances result = data;
    for (Filter f : filters) {
      result = Filter.useFilter(result, f);
    }
    return result;
  }
}
