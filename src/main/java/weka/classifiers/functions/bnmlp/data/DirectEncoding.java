package weka.classifiers.functions.bnmlp.data;

import java.util.ArrayList;
import java.util.List;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;
import weka.filters.Filter;

/**
 * The fitted filter chain of {@link InstanceEncoder}, read off as a table so that prediction can
 * encode instances without building filtered copies of them. Each filter works attribute by
 * attribute, so the chain maps one input attribute to its own run of encoded columns: a numeric
 * attribute to {@code slope * x + intercept}, a nominal one to one fixed vector per value, and a
 * missing value to one fixed vector. The table is learned by passing probe instances through the
 * fitted filters themselves, so it encodes exactly what they do (up to rounding in the last bits).
 */
final class DirectEncoding {

  /** Rows whose values {@link #touch} reads ahead of their encoding. */
  private static final int TOUCH_ROWS = 32;
  /** Doubles per 64-byte cache line. */
  private static final int LINE = 8;
  /** Written only when a touch sums to exactly this, which is what keeps the JIT from dropping the reads. */
  private static final double NEVER = -0x1.fffffp1000;
  @SuppressWarnings("unused")
  private static double sawNever;

  private final int[] attributes;
  private final int[] firstColumn;
  private final int[] width;
  private final boolean[] nominal;
  /** Numeric attributes (one encoded column each): slope and intercept. */
  private final double[] slope;
  private final double[] intercept;
  /** Nominal attributes: encoded columns per value. */
  private final double[][][] byValue;
  private final double[][] missing;
  private final int columns;
  private final boolean allNumeric;
  /** Numeric attributes: the encoded missing value. */
  private final float[] missingNumeric;

  private DirectEncoding(int[] attributes, int[] firstColumn, int[] width, boolean[] nominal, double[] slope,
      double[] intercept, double[][][] byValue, double[][] missing, int columns) {
    this.attributes = attributes;
    this.firstColumn = firstColumn;
    this.width = width;
    this.nominal = nominal;
    this.slope = slope;
    this.intercept = intercept;
    this.byValue = byValue;
    this.missing = missing;
    this.columns = columns;
    boolean numeric = true;
    missingNumeric = new float[attributes.length];
    for (int i = 0; i < attributes.length; i++) {
      numeric &= !nominal[i];
      missingNumeric[i] = (float) missing[i][0];
    }
    allNumeric = numeric;
  }

  /**
   * Learns the table of the fitted {@code filters} for data shaped like {@code header}, whose
   * encoded non-class columns are {@code inputColumns}; null when some attribute is of a type the
   * table cannot express (the filters are then used directly).
   */
  static DirectEncoding learn(Instances header, Filter[] filters, int[] inputColumns) throws Exception {
    int count = header.numAttributes();
    List<Integer> inputs = new ArrayList<>();
    int probes = 3; // 0, 1 and missing for numeric attributes
    for (int a = 0; a < count; a++) {
      if (a == header.classIndex()) {
        continue;
      }
      Attribute attribute = header.attribute(a);
      if (!attribute.isNumeric() && !attribute.isNominal()) {
        return null;
      }
      inputs.add(a);
      if (attribute.isNominal()) {
        probes = Math.max(probes, attribute.numValues() + 1);
      }
    }
    // probe p: numeric attributes take p (0, 1), nominal ones value p; the last probe is all missing
    Instances probe = new Instances(header, probes);
    for (int p = 0; p < probes; p++) {
      double[] values = new double[count];
      for (int a = 0; a < count; a++) {
        Attribute attribute = header.attribute(a);
        boolean last = p == probes - 1;
        if (a == header.classIndex()) {
          values[a] = 0;
        } else if (last) {
          values[a] = Utils.missingValue();
        } else if (attribute.isNominal()) {
          values[a] = p < attribute.numValues() ? p : Utils.missingValue();
        } else {
          values[a] = p < 2 ? p : 0;
        }
      }
      probe.add(new DenseInstance(1, values));
    }
    Instances encoded = probe;
    for (Filter f : filters) {
      encoded = Filter.useFilter(encoded, f);
    }
    int n = inputs.size();
    int[] attributes = new int[n];
    int[] first = new int[n];
    int[] width = new int[n];
    boolean[] nominal = new boolean[n];
    double[] slope = new double[n];
    double[] intercept = new double[n];
    double[][][] byValue = new double[n][][];
    double[][] missing = new double[n][];
    int column = 0;
    for (int i = 0; i < n; i++) {
      Attribute attribute = header.attribute(inputs.get(i));
      attributes[i] = inputs.get(i);
      nominal[i] = attribute.isNominal();
      // NominalToBinary: one 0/1 column for a nominal attribute with up to two values, else one per value
      width[i] = nominal[i] && attribute.numValues() > 2 ? attribute.numValues() : 1;
      first[i] = column;
      column += width[i];
    }
    if (column != inputColumns.length) {
      return null; // the filters expanded differently than expected: let them do the work
    }
    for (int i = 0; i < n; i++) {
      missing[i] = read(encoded.instance(probes - 1), inputColumns, first[i], width[i]);
      if (nominal[i]) {
        int values = header.attribute(attributes[i]).numValues();
        byValue[i] = new double[values][];
        for (int v = 0; v < values; v++) {
          byValue[i][v] = read(encoded.instance(v), inputColumns, first[i], width[i]);
        }
      } else {
        intercept[i] = encoded.instance(0).value(inputColumns[first[i]]);
        slope[i] = encoded.instance(1).value(inputColumns[first[i]]) - intercept[i];
      }
    }
    return new DirectEncoding(attributes, first, width, nominal, slope, intercept, byValue, missing, column);
  }

  private static double[] read(Instance row, int[] inputColumns, int first, int width) {
    double[] result = new double[width];
    for (int c = 0; c < width; c++) {
      result[c] = row.value(inputColumns[first + c]);
    }
    return result;
  }

  /** The encoded rows {@code [from, to)} of {@code data}, row-major. */
  float[] encode(Instances data, int from, int to) {
    float[] x = new float[(to - from) * columns];
    encode(data, from, to, x);
    return x;
  }

  /**
   * Writes the encoded rows {@code [from, to)} of {@code data} into {@code x} from index 0. Reads
   * only, so threads may encode different rows of the same data at once. In blocks of rows, each
   * touched while the one before it is encoded (see {@link #touch}); a block at a time in a method of
   * its own, so that the JIT compiles it once and early, not a long-running loop over a whole chunk
   * (which it compiled twice, during the first predictions).
   */
  void encode(Instances data, int from, int to, float[] x) {
    touch(data, from, Math.min(to, from + TOUCH_ROWS));
    for (int r0 = from; r0 < to; r0 += TOUCH_ROWS) {
      encodeBlock(data, r0, Math.min(to, r0 + TOUCH_ROWS), to, x, (r0 - from) * columns);
    }
  }

  /** Rows {@code [r0, r1)} into {@code x} from {@code base}, the next block (up to {@code to}) touched first. */
  private void encodeBlock(Instances data, int r0, int r1, int to, float[] x, int base) {
    touch(data, r1, Math.min(to, r1 + TOUCH_ROWS));
    for (int r = r0; r < r1; r++) {
      int at = base + (r - r0) * columns;
      if (allNumeric) {
        encodeNumericRow(data.instance(r), x, at);
      } else {
        encodeRow(data.instance(r), x, at);
      }
    }
  }

  /**
   * Reads one value per cache line of each row in {@code [r0, r1)}, so that the rows' memory loads run
   * at once. An instance is an object whose values lie in an array elsewhere, so encoding row after
   * row waited for memory at each row: 50,000 rows of 64 values took 14-20 ms, against 4.5 ms for
   * rows already in cache and about 7 ms with the touch.
   */
  private void touch(Instances data, int r0, int r1) {
    double sum = 0;
    for (int r = r0; r < r1; r++) {
      Instance instance = data.instance(r);
      for (int i = 0; i < attributes.length; i += LINE) {
        sum += instance.value(attributes[i]);
      }
    }
    if (sum == NEVER) {
      sawNever = sum;
    }
  }

  private void encodeRow(Instance instance, float[] x, int base) {
    for (int i = 0; i < attributes.length; i++) {
      double value = instance.value(attributes[i]);
      int at = base + firstColumn[i];
      if (Utils.isMissingValue(value)) {
        copy(missing[i], x, at);
      } else if (nominal[i]) {
        copy(byValue[i][(int) value], x, at);
      } else {
        x[at] = (float) (slope[i] * value + intercept[i]);
      }
    }
  }

  /** The common case, numeric attributes only: one column each, a multiply-add or the missing value. */
  private void encodeNumericRow(Instance instance, float[] x, int base) {
    for (int i = 0; i < attributes.length; i++) {
      double value = instance.value(attributes[i]);
      x[base + i] = value != value ? missingNumeric[i] : (float) (slope[i] * value + intercept[i]); // NaN: missing
    }
  }

  private static void copy(double[] from, float[] to, int at) {
    for (int c = 0; c < from.length; c++) {
      to[at + c] = (float) from[c];
    }
  }
}
