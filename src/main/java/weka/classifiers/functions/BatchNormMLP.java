package weka.classifiers.functions;

import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.CancellationException;

import weka.classifiers.IterativeClassifier;
import weka.classifiers.functions.bnmlp.ModelAverage;
import weka.classifiers.functions.bnmlp.NetworkGraph;
import weka.classifiers.functions.bnmlp.TrainedModel;
import weka.classifiers.functions.bnmlp.TrainingRun;
import weka.classifiers.functions.bnmlp.ClassifierInfo;
import weka.classifiers.functions.bnmlp.ContinuationCheck;
import weka.classifiers.functions.bnmlp.ExperimenterMeasures;
import weka.classifiers.functions.bnmlp.ModelText;
import weka.classifiers.functions.bnmlp.backend.BackendUnavailableException;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.BatchPredictions;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.train.TrainingSettings;
import weka.classifiers.functions.bnmlp.options.BatchNormMLPOptions;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.rules.ZeroR;
import weka.core.AdditionalMeasureProducer;
import weka.core.Aggregateable;
import weka.core.Capabilities;
import weka.core.Drawable;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.LogHandler;
import weka.core.Randomizable;
import weka.core.RevisionUtils;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformationHandler;
import weka.core.Utils;
import weka.core.WeightedInstancesHandler;
import weka.core.WekaException;
import weka.gui.Logger;

/**
 * <!-- globalinfo-start --> A multilayer perceptron with ReLU or LeakyReLU hidden layers and batch
 * normalization before the activation, after it, or not at all, computed on ND4J. Reports per
 * hidden layer how many units are dead (never active) on the training data and, through the
 * DeadUnits output and Experimenter measures, on any evaluated data. <!-- globalinfo-end -->
 *
 * <p>This class is the Weka-facing adapter: options, capabilities and the Weka protocol. The network
 * math lives in {@code weka.classifiers.functions.bnmlp.net}, the diagnostics in {@code
 * ...bnmlp.diagnostics}.
 */
public class BatchNormMLP extends BatchNormMLPOptions implements Randomizable, IterativeClassifier,
    TechnicalInformationHandler, WeightedInstancesHandler, AdditionalMeasureProducer, LogHandler, Drawable,
    Aggregateable<BatchNormMLP> {

  private static final long serialVersionUID = 4470147253924405513L;

  private TrainedModel model;

  @Override
  protected boolean keepsUnspecifiedOptions() {
    return model != null;
  }

  /** The settings the model was trained with, which continuing it must keep (see {@link #settingsToKeep()}). */
  private Map<String, String> trainedWith;
  private ZeroR fallback;
  private transient TrainingRun run;
  private transient Logger log;
  private transient ModelAverage aggregation;

  public String globalInfo() {
    return ClassifierInfo.GLOBAL_INFO + "\n\nFor more information see:\n" + getTechnicalInformation().toString();
  }

  @Override
  public TechnicalInformation getTechnicalInformation() {
    return ClassifierInfo.batchNormalizationPaper();
  }

  @Override
  public Capabilities getCapabilities() {
    return ClassifierInfo.capabilities(super.getCapabilities());
  }

  // ---------------------------------------------------------------- training

  @Override
  public void buildClassifier(Instances data) throws Exception {
    initializeClassifier(data);
    while (next()) {
      reportProgress();
    }
    done();
    if (log != null && model != null) {
      log.logMessage("BatchNormMLP: trained " + model.log().epochs() + " epochs, final loss "
          + Utils.doubleToString(model.log().lastTrainingLoss(), 5) + ", dead units on the training data "
          + model.trainingReport().totalInactiveUnits() + " of " + model.trainingReport().totalUnits());
    }
  }

  /** One line per epoch: to the Explorer's status bar, or to the console with -output-debug-info. */
  private void reportProgress() {
    if (log == null && !getDebug()) {
      return;
    }
    String line = "BatchNormMLP: epoch " + run.epochsDone() + "/" + numEpochs + ", loss "
        + Utils.doubleToString(run.lastLoss(), 5) + (diagnostics ? ", dead units per layer " + run.deadUnitsNow() : "");
    if (log != null) {
      log.statusMessage(line);
    }
    if (getDebug()) {
      System.err.println(line);
    }
  }

  public String logTipText() {
    return "Where training progress goes (the Explorer sets its log and status bar here).";
  }

  /** The Explorer hands its log and status bar here; training reports progress to them. */
  @Override
  public void setLog(Logger value) {
    log = value;
  }

  @Override
  public Logger getLog() {
    return log;
  }

  /**
   * Starts training; with {@code resume} on and a trained network (as Weka's {@code -l model
   * -continue-iterating} leaves it), continues that network's training instead, with its saved
   * settings, up to {@code -epochs} epochs in all. Options that differ from the saved model's are
   * named and refused, never silently applied or ignored.
   */
  @Override
  public void initializeClassifier(Instances data) throws Exception {
    NetworkSpec architecture = architecture();
    try {
      Nd4jRuntime.require(backend);
    } catch (BackendUnavailableException e) {
      throw new WekaException("BatchNormMLP: " + e.getMessage());
    }
    TrainingSettings settings = trainingSettings();
    checkOptionValues();
    getCapabilities().testWithFail(data);
    run = null;
    if (resume && model != null) {
      continueTraining(data);
      return;
    }
    model = null;
    fallback = null;
    Instances train = new Instances(data);
    train.deleteWithMissingClass();
    if (train.numInstances() == 0) {
      throw new WekaException("BatchNormMLP: no training instances"
          + (data.numInstances() > 0 ? " with a known class value" : ""));
    }
    if (train.numAttributes() == 1) {
      fallback = new ZeroR();
      fallback.buildClassifier(train);
      return;
    }
    trainedWith = settingsToKeep();
    run = new TrainingRun(train, architecture, settings, seed, validationPercent, patience, diagnostics, numThreads);
  }

  /** Continues the trained network on {@code data}, after checking that nothing asks for other settings. */
  private void continueTraining(Instances data) throws Exception {
    ContinuationCheck.check(model, trainedWith, settingsToKeep(), numEpochs);
    Instances train = new Instances(data);
    train.deleteWithMissingClass();
    run = TrainingRun.continuing(model, train, seed, validationPercent, patience, diagnostics, numThreads);
    model = null; // no model while training: a failure must not leave a half-trained one looking valid
  }

  /**
   * The settings a trained network depends on, each as its option would be written; {@code -epochs},
   * {@code -num-threads} and {@code -backend} may change when continuing.
   */
  private Map<String, String> settingsToKeep() throws WekaException {
    Map<String, String> settings = optionSettings();
    settings.keySet().removeAll(java.util.List.of("epochs", "num-threads", "backend"));
    settings.put("hidden", "-hidden " + NetworkSpec.describeHidden(hiddenSizes())); // 64,64 and 64x2 are one network
    settings.put("batch-size", "-batch-size " + trainingBatchSizeValue());
    return settings;
  }

  @Override
  public boolean next() throws Exception {
    if (run == null || run.epochsDone() >= numEpochs) {
      return false;
    }
    if (Thread.currentThread().isInterrupted()) {
      throw stopped("after epoch " + run.epochsDone());
    }
    try {
      return run.epoch();
    } catch (CancellationException e) {
      throw stopped("during epoch " + (run.epochsDone() + 1));
    } catch (Exception | Error e) {
      run = null; // never leave a half-trained model looking valid
      model = null;
      throw e;
    }
  }

  /**
   * The Explorer's Stop button interrupts the training thread; InterruptedException is what it
   * expects back (anything else brings up an error dialog). No half-trained model is kept.
   */
  private InterruptedException stopped(String when) {
    run = null;
    model = null;
    return new InterruptedException("BatchNormMLP: training stopped " + when + "; no model was kept");
  }

  /**
   * Ends training. Called again without training in between and with {@code resume} off (the
   * Explorer's "Clean up model"), it drops the state kept for continuing: a smaller model that
   * cannot be trained further.
   */
  @Override
  public void done() throws Exception {
    if (run == null && !resume && model != null) {
      model.dropTrainingState();
    }
    if (run != null) {
      model = run.finish();
      String divergence = run.divergence();
      run = null;
      if (divergence != null) { // one line where the user looks: the console, the Explorer's log
        System.err.println("BatchNormMLP: " + divergence);
        if (log != null) {
          log.logMessage("BatchNormMLP: " + divergence);
        }
      }
      if (log != null) {
        for (String warning : model.log().warnings()) {
          log.logMessage("BatchNormMLP: warning: " + warning);
        }
      }
    }
  }

  private NetworkSpec architecture() throws WekaException {
    return new NetworkSpec(0, hiddenSizes(), 0, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bnPlacement, activation,
        leakyReluAlpha, weightInit, bnMomentum, bnEpsilon);
  }

  private TrainingSettings trainingSettings() throws WekaException {
    return new TrainingSettings(optimizer, learningRate, momentum, l2, trainingBatchSizeValue());
  }

  /** Takes a network trained elsewhere (e.g. by the Spark trainer) as this classifier's model. */
  public void useTrainedModel(TrainedModel trained) {
    model = trained;
    fallback = null;
    run = null;
  }

  // ---------------------------------------------------------------- aggregation (see ModelAverage)

  /** Averages {@code other}'s network into this one's (same architecture and seed), e.g. one per partition. */
  @Override
  public BatchNormMLP aggregate(BatchNormMLP other) throws Exception {
    if (aggregation == null) {
      aggregation = new ModelAverage(trainedModel());
    }
    aggregation.add(other.trainedModel());
    return this;
  }

  @Override
  public void finalizeAggregation() throws Exception {
    if (aggregation != null) {
      model = aggregation.result();
      aggregation = null;
    }
  }

  // ---------------------------------------------------------------- prediction

  @Override
  public double[] distributionForInstance(Instance instance) throws Exception {
    if (fallback != null) {
      return fallback.distributionForInstance(instance);
    }
    Instances one = new Instances(instance.dataset(), 1);
    one.add(instance);
    return distributionsForInstances(one)[0];
  }

  @Override
  public double[][] distributionsForInstances(Instances data) throws Exception {
    if (fallback != null) {
      double[][] result = new double[data.numInstances()][];
      for (int i = 0; i < result.length; i++) {
        result[i] = fallback.distributionForInstance(data.instance(i));
      }
      return result;
    }
    TrainedModel trained = trainedModel();
    trained.engine().useThreads(numThreads);
    double[][] predictions = trained.distributions(data);
    BatchPredictions.announce(this, predictions);
    return predictions;
  }

  @Override
  public boolean implementsMoreEfficientBatchPrediction() {
    return true;
  }

  /** Per-layer dead (ReLU) or all-negative (LeakyReLU) hidden units of the trained network on {@code data}. */
  public DeadUnitReport deadUnitReport(Instances data) throws Exception {
    TrainedModel trained = trainedModel();
    trained.engine().useThreads(numThreads);
    return trained.deadUnits(data);
  }

  /** True when a network was trained (not before building, nor with the ZeroR fallback). */
  public boolean hasNetwork() {
    return model != null;
  }

  /** The trained network, or an error saying why there is none. */
  public TrainedModel trainedModel() throws WekaException {
    if (model == null) {
      throw new WekaException(fallback != null
          ? "BatchNormMLP: the data had no input attributes, so ZeroR was used and there is no network"
          : "BatchNormMLP: no model built yet");
    }
    return model;
  }

  @Override
  public String toString() {
    if (fallback != null) {
      return "BatchNormMLP: no input attributes; ZeroR fallback\n\n" + fallback;
    }
    if (model == null) {
      return "BatchNormMLP: no model built yet.";
    }
    String training = optimizer.optionValue() + ", lr " + learningRate
        + (optimizer == OptimizerKind.SGD ? ", momentum " + momentum : "") + ", L2 " + l2 + ", batch "
        + trainingBatchSize + ", init " + weightInit.optionValue() + ", seed " + seed;
    return ModelText.of(model, training, numEpochs);
  }

  // ---------------------------------------------------------------- Explorer pictures

  /** A trained network draws as a chain of layers; Weka then offers "Visualize tree" and the chart plugin. */
  @Override
  public int graphType() {
    return model != null ? Drawable.TREE : Drawable.NOT_DRAWABLE;
  }

  /** The layers with their dead units on the training data, in Weka's dot dialect (see NetworkGraph). */
  @Override
  public String graph() throws Exception {
    return NetworkGraph.dot(trainedModel());
  }

  // ---------------------------------------------------------------- Experimenter measures

  /** See {@link ExperimenterMeasures}. */
  @Override
  public Enumeration<String> enumerateMeasures() {
    int layers;
    try {
      layers = model != null ? model.engine().spec().layerCount() : hiddenSizes().length;
    } catch (WekaException e) {
      layers = 0; // a bad -hidden is reported when building, not when listing measures
    }
    return ExperimenterMeasures.names(layers);
  }

  @Override
  public double getMeasure(String name) {
    if (model == null) {
      if (fallback != null) {
        return name.equals("measureFinalTrainingLoss") ? Double.NaN : 0;
      }
      throw new IllegalArgumentException("BatchNormMLP: no model built yet, so no measure " + name);
    }
    return ExperimenterMeasures.value(model, name);
  }

  @Override
  public String getRevision() {
    return RevisionUtils.extract("$Revision: 1 $");
  }

  public static void main(String[] args) {
    runClassifier(new BatchNormMLP(), args);
  }
}
