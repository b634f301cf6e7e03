package weka.classifiers.evaluation.output.prediction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Vector;

import weka.classifiers.Classifier;
import weka.classifiers.functions.BatchNormMLP;
import weka.classifiers.functions.bnmlp.diagnostics.FoldSummary;
import weka.classifiers.functions.bnmlp.diagnostics.BatchPredictions;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Option;
import weka.core.Utils;

/**
 * Evaluation output listing, per hidden layer of a BatchNormMLP, the units that are dead (never
 * active) on the evaluated data: the test set, or each cross-validation fold with a summary over
 * the folds. Can pass the predictions on to another output (e.g. PlainText) as well.
 */
public class DeadUnits extends AbstractOutput implements BatchPredictions.Listener {

  private static final long serialVersionUID = -3208735064452113451L;

  private AbstractOutput predictions = new Null();

  private transient Instances foldData;
  private transient Object foldModel;
  private transient FoldSummary folds;
  private transient List<String> notes;
  private transient Classifier handedClassifier;
  /** The last batch predicted while this output prints, and the classifier that predicted it. */
  private transient double[][] lastBatch;
  private transient Object lastBatchClassifier;

  @Override
  public String globalInfo() {
    return "Prints, for each hidden layer of a BatchNormMLP, how many units are dead (their ReLU input "
        + "is <= 0 for every evaluated instance) or, with LeakyReLU, all-negative, and the mean fraction "
        + "of zero (negative) activations - computed on the evaluated data: the test set, or each "
        + "cross-validation fold, followed by a summary over the folds. Optionally also prints the "
        + "predictions through another output such as PlainText.";
  }

  @Override
  public String getDisplay() {
    return "Dead units per hidden layer (BatchNormMLP)";
  }

  public String predictionsTipText() {
    return "Another output to print the predictions with (e.g. PlainText); Null prints only the dead-unit tables.";
  }

  public AbstractOutput getPredictions() {
    return predictions;
  }

  public void setPredictions(AbstractOutput value) {
    predictions = value == null ? new Null() : value;
  }

  @Override
  public Enumeration<Option> listOptions() {
    Vector<Option> result = new Vector<>();
    result.add(new Option("\tOutput that also prints the predictions, with its options\n"
        + "\t(e.g. \"weka.classifiers.evaluation.output.prediction.PlainText\"). (default: none)",
        "predictions", 1, "-predictions <classname and options>"));
    result.addAll(Collections.list(super.listOptions()));
    return result.elements();
  }

  @Override
  public void setOptions(String[] options) throws Exception {
    String spec = Utils.getOption("predictions", options);
    setPredictions(spec.isEmpty() ? new Null() : AbstractOutput.fromCommandline(spec));
    super.setOptions(options);
  }

  @Override
  public String[] getOptions() {
    List<String> result = new ArrayList<>();
    if (!(predictions instanceof Null)) {
      result.add("-predictions");
      result.add(Utils.toCommandLine(predictions));
    }
    Collections.addAll(result, super.getOptions());
    return result.toArray(new String[0]);
  }

  @Override
  protected void doPrintHeader() {
    foldData = null;
    foldModel = null;
    folds = new FoldSummary();
    notes = new ArrayList<>();
    BatchPredictions.stopListening(this); // a run that ended without a footer
    BatchPredictions.listen(this);
    predictions.setHeader(m_Header);
    predictions.setBuffer(m_Buffer);
    predictions.printHeader();
  }

  /** Weka turns this call into a distribution; keep the classifier it was handed for the count. */
  @Override
  public void printClassification(Classifier classifier, Instance inst, int index) throws Exception {
    handedClassifier = classifier;
    try {
      super.printClassification(classifier, inst, index);
    } finally {
      handedClassifier = null;
    }
  }

  @Override
  protected void doPrintClassification(Classifier classifier, Instance inst, int index) throws Exception {
    collect(classifier, inst, index);
    predictions.printClassification(classifier, inst, index);
  }

  @Override
  public void predicted(Object classifier, double[][] distributions) {
    lastBatchClassifier = classifier;
    lastBatch = distributions;
  }

  @Override
  protected void doPrintClassification(double[] dist, Instance inst, int index) throws Exception {
    // batch evaluation passes no classifier: the network that announced the batch holding this very
    // distribution made it; a classifier wrapping a network returns other arrays, and is not credited
    Object classifier = handedClassifier != null ? handedClassifier : batchClassifierOf(dist, index);
    collect(classifier, inst, index);
    predictions.printClassification(dist, inst, index);
  }

  /** The classifier whose announced batch holds {@code dist} at {@code index}, or null. */
  Object batchClassifierOf(double[] dist, int index) {
    if (lastBatch == null) {
      return null;
    }
    int row = lastBatch.length == 1 ? 0 : index; // a batch is matched at the evaluated index
    return row >= 0 && row < lastBatch.length && lastBatch[row] == dist ? lastBatchClassifier : null;
  }

  /** Instances are gathered per evaluated set (a fold starts again at index 0) and counted together. */
  private void collect(Object classifier, Instance inst, int index) throws Exception {
    if (foldData == null || index == 0 || classifier != foldModel) {
      closeFold();
      foldData = new Instances(m_Header, 0);
      foldModel = classifier;
    }
    foldData.add((Instance) inst.copy());
  }

  private void closeFold() throws Exception {
    if (foldData == null || foldData.isEmpty()) {
      return;
    }
    if (foldModel instanceof BatchNormMLP) {
      BatchNormMLP mlp = (BatchNormMLP) foldModel;
      if (mlp.hasNetwork()) {
        folds.add(mlp.deadUnitReport(foldData));
      } else {
        notes.add("DeadUnits: the BatchNormMLP has no network (no input attributes: ZeroR fallback)");
      }
    } else {
      notes.add(foldModel == null
          ? "DeadUnits: these predictions were not made by a BatchNormMLP (or it is wrapped in another "
              + "classifier); no dead-unit table"
          : "DeadUnits: the classifier is " + foldModel.getClass().getName() + ", not BatchNormMLP; "
              + "no dead-unit table");
    }
    foldData = null;
  }

  /** Counts the last fold and lets the wrapped output finish before the tables are written. */
  @Override
  public void printFooter() throws Exception {
    BatchPredictions.stopListening(this);
    lastBatch = null;
    lastBatchClassifier = null;
    closeFold();
    predictions.printFooter();
    super.printFooter();
  }

  @Override
  protected void doPrintFooter() {
    append("\n=== Dead units on the evaluated data ===\n\n");
    for (String note : new java.util.LinkedHashSet<>(notes)) {
      append(note + "\n");
    }
    int n = folds.reports().size();
    for (int f = 0; f < n; f++) {
      append(folds.reports().get(f).toTable(n == 1 ? "test data" : "fold " + (f + 1)) + "\n");
    }
    if (n > 1) {
      append(folds.summaryTable());
    }
  }
}
