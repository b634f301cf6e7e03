package weka.classifiers.functions.bnmlp;

import java.util.Arrays;

import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;
import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.engine.Snapshot;
import weka.core.WekaException;

/**
 * The average of trained networks that share an architecture and an initialisation (the same seed),
 * e.g. one trained per data partition: parameters and BN running statistics are averaged element by
 * element. The result predicts with the first model's input encoding (each partition's model
 * standardizes with its own partition's means and deviations; on randomly split data these are
 * close). Its dead-unit table covers no rows, since the averaged network never saw the training
 * data: measure it on data with the DeadUnits output.
 */
public final class ModelAverage {

  private final TrainedModel first;
  private final double[] parameterSum;
  private final double[] statisticSum;
  private int models;

  public ModelAverage(TrainedModel first) {
    this.first = first;
    Snapshot s = first.engine().snapshot();
    parameterSum = s.parameters();
    statisticSum = s.statistics();
    models = 1;
  }

  /** Adds a model; fails naming the difference when it cannot be averaged with the first. */
  public void add(TrainedModel other) throws WekaException {
    String mismatch = mismatch(first, other);
    if (mismatch != null) {
      throw new WekaException("BatchNormMLP: cannot aggregate models with different " + mismatch
          + "; only models with the same architecture, options and seed (the same initial network) average");
    }
    Snapshot s = other.engine().snapshot();
    add(parameterSum, s.parameters());
    add(statisticSum, s.statistics());
    models++;
  }

  public int models() {
    return models;
  }

  /** The averaged model. */
  public TrainedModel result() {
    MlpEngine f = first.engine();
    MlpEngine engine = new MlpEngine(f.spec(), f.settings(), f.seed());
    engine.restore(new Snapshot(scaled(parameterSum), scaled(statisticSum)));
    NetworkSpec spec = f.spec();
    double[][] noneSeen = new double[spec.hidden.length][];
    for (int l = 0; l < noneSeen.length; l++) {
      noneSeen[l] = new double[spec.hidden[l]];
      Arrays.fill(noneSeen[l], Double.NEGATIVE_INFINITY);
    }
    boolean leaky = first.trainingReport().isLeaky();
    UnitActivity none = new UnitActivity(leaky, noneSeen, new double[noneSeen.length], 0);
    return TrainedModel.of(first.encoder(), engine, first.log(), none.report());
  }

  private double[] scaled(double[] sum) {
    double[] mean = new double[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = sum[i] / models;
    }
    return mean;
  }

  private static void add(double[] sum, double[] values) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += values[i];
    }
  }

  /** What differs between two models in a way that makes averaging meaningless, or null. */
  static String mismatch(TrainedModel a, TrainedModel b) {
    NetworkSpec x = a.engine().spec();
    NetworkSpec y = b.engine().spec();
    String header = a.encoder().header().equalHeadersMsg(b.encoder().header());
    if (header != null) {
      return "training data headers (" + header.trim() + ")";
    }
    if (x.inputs != y.inputs) {
      return "input widths (" + x.inputs + " vs " + y.inputs + " network inputs)";
    }
    if (!Arrays.equals(x.hidden, y.hidden)) {
      return "hidden layers (" + Arrays.toString(x.hidden) + " vs " + Arrays.toString(y.hidden) + ")";
    }
    if (x.outputs != y.outputs || x.loss != y.loss) {
      return "output layers (" + x.outputs + " " + x.loss + " vs " + y.outputs + " " + y.loss + ")";
    }
    if (x.bn != y.bn) {
      return "batch normalization placements (" + x.bn.optionValue() + " vs " + y.bn.optionValue() + ")";
    }
    if (x.activation != y.activation || x.alpha != y.alpha) {
      return "activations (" + x.activation.optionValue() + " " + x.alpha + " vs " + y.activation.optionValue() + " "
          + y.alpha + ")";
    }
    if (x.bnMomentum != y.bnMomentum || x.bnEpsilon != y.bnEpsilon) {
      return "BN settings (momentum " + x.bnMomentum + ", epsilon " + x.bnEpsilon + " vs momentum "
          + y.bnMomentum + ", epsilon " + y.bnEpsilon + ")";
    }
    if (x.init != y.init || a.engine().seed() != b.engine().seed()) {
      return "initialisations (" + x.init.optionValue() + " seed " + a.engine().seed() + " vs "
          + y.init.optionValue() + " seed "
          + b.engine().seed() + ")";
    }
    return null;
  }
}
