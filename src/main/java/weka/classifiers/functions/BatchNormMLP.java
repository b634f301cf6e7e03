package weka.classifiers.functions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.CancellationException;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.IterativeClassifier;
import weka.classifiers.functions.bnmlp.ModelAverage;
import weka.classifiers.functions.bnmlp.NetworkGraph;
import weka.classifiers.functions.bnmlp.TrainedModel;
import weka.classifiers.functions.bnmlp.TrainingRun;
import weka.classifiers.functions.bnmlp.backend.BackendUnavailableException;
import weka.classifiers.functions.bnmlp.diagnostics.DeadUnitReport;
import weka.classifiers.functions.bnmlp.diagnostics.RecentPredictor;
import weka.classifiers.functions.bnmlp.net.NetworkSpec;
import weka.classifiers.functions.bnmlp.net.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.net.TrainingSettings;
import weka.classifiers.functions.bnmlp.options.ActivationKind;
import weka.classifiers.functions.bnmlp.options.BackendRequest;
import weka.classifiers.functions.bnmlp.options.BnPlacement;
import weka.classifiers.functions.bnmlp.options.Choices;
import weka.classifiers.functions.bnmlp.options.HiddenLayers;
import weka.classifiers.functions.bnmlp.options.InitScheme;
import weka.classifiers.functions.bnmlp.options.OptimizerKind;
import weka.classifiers.rules.ZeroR;
import weka.core.AdditionalMeasureProducer;
import weka.core.Aggregateable;
import weka.core.Capabilities;
import weka.core.Drawable;
import weka.core.Capabilities.Capability;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.LogHandler;
import weka.core.Option;
import weka.core.OptionMetadata;
import weka.core.Randomizable;
import weka.core.RevisionUtils;
import weka.core.SelectedTag;
import weka.core.Tag;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformation.Field;
import weka.core.TechnicalInformation.Type;
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
public class BatchNormMLP extends AbstractClassifier implements Randomizable, IterativeClassifier,
    TechnicalInformationHandler, WeightedInstancesHandler, AdditionalMeasureProducer, LogHandler, Drawable,
    Aggregateable<BatchNormMLP> {

  private static final long serialVersionUID = 4470147253924405513L;

  public static final Tag[] TAGS_BN = Choices.tags(BnPlacement.class);
  public static final Tag[] TAGS_ACTIVATION = Choices.tags(ActivationKind.class);
  public static final Tag[] TAGS_INIT = Choices.tags(InitScheme.class);
  public static final Tag[] TAGS_OPTIMIZER = Choices.tags(OptimizerKind.class);
  public static final Tag[] TAGS_BACKEND = Choices.tags(BackendRequest.class);

  static final String DEFAULT_HIDDEN = "64,64";
  static final String DEFAULT_BATCH_SIZE = "32";

  private String hiddenLayers = DEFAULT_HIDDEN;
  private BnPlacement bnPlacement = BnPlacement.BEFORE;
  private ActivationKind activation = ActivationKind.RELU;
  private double leakyReluAlpha = 0.01;
  private InitScheme weightInit = InitScheme.HE;
  private OptimizerKind optimizer = OptimizerKind.ADAM;
  private double learningRate = 0.001;
  private double momentum = 0.9;
  private double l2 = 0.0;
  private String trainingBatchSize = DEFAULT_BATCH_SIZE;
  private int numEpochs = 100;
  private int seed = 1;
  private double bnMomentum = 0.1;
  private double bnEpsilon = 1e-5;
  private double validationPercent = 0;
  private int patience = 10;
  private boolean diagnostics;
  private int numThreads;
  private BackendRequest backend = BackendRequest.AUTO;
  private boolean resume;

  private TrainedModel model;
  private ZeroR fallback;
  private transient TrainingRun run;
  private transient Logger log;
  private transient ModelAverage aggregation;

  public String globalInfo() {
    return "A multilayer perceptron whose hidden layers use ReLU or LeakyReLU, with batch normalization "
        + "(BN) placed before the activation, after it, or not at all, computed on ND4J (CPU, or CUDA "
        + "where installed).\n\n"
        + "BN standardizes each unit over the minibatch, then scales and shifts it by a learned gamma "
        + "and beta; at prediction time it uses running averages of the batch statistics. Placed "
        + "before the activation it centres the activation's input, so a ReLU is active for part of "
        + "every batch; placed after, it standardizes the ReLU's output instead.\n\n"
        + "A hidden unit is dead on a data set when its ReLU input is <= 0 for every instance: its "
        + "output is then 0 everywhere and it receives no gradient. The model output lists dead units "
        + "per layer on the training data; the evaluation output "
        + "weka.classifiers.evaluation.output.prediction.DeadUnits lists them on the evaluated data. "
        + "For LeakyReLU the same count is of all-negative units, which still pass alpha times their "
        + "input.\n\n"
        + "Nominal attributes are one-hot encoded, missing values replaced by means/modes, inputs "
        + "standardized (Weka's filters). Nominal class: softmax cross-entropy; numeric class: linear "
        + "output and squared error on the standardized target. Instance weights weight the loss.\n\n"
        + "For more information see:\n" + getTechnicalInformation().toString();
  }

  @Override
  public TechnicalInformation getTechnicalInformation() {
    TechnicalInformation result = new TechnicalInformation(Type.INPROCEEDINGS);
    result.setValue(Field.AUTHOR, "Sergey Ioffe and Christian Szegedy");
    result.setValue(Field.TITLE,
        "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift");
    result.setValue(Field.BOOKTITLE, "Proceedings of the 32nd International Conference on Machine Learning");
    result.setValue(Field.YEAR, "2015");
    result.setValue(Field.PAGES, "448-456");
    result.setValue(Field.PUBLISHER, "PMLR");
    return result;
  }

  @Override
  public Capabilities getCapabilities() {
    Capabilities result = super.getCapabilities();
    result.disableAll();
    result.enable(Capability.NOMINAL_ATTRIBUTES);
    result.enable(Capability.NUMERIC_ATTRIBUTES);
    result.enable(Capability.DATE_ATTRIBUTES);
    result.enable(Capability.MISSING_VALUES);
    result.enable(Capability.NOMINAL_CLASS);
    result.enable(Capability.NUMERIC_CLASS);
    result.enable(Capability.DATE_CLASS);
    result.enable(Capability.MISSING_CLASS_VALUES);
    result.setMinimumNumberInstances(0);
    return result;
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

  @Override
  public void initializeClassifier(Instances data) throws Exception {
    if (resume && run != null) {
      return;
    }
    NetworkSpec architecture = architecture();
    try {
      Nd4jRuntime.require(backend);
    } catch (BackendUnavailableException e) {
      throw new WekaException("BatchNormMLP: " + e.getMessage());
    }
    Nd4jRuntime.useThreads(numThreads);
    TrainingSettings settings = trainingSettings();
    checkOptionValues();
    getCapabilities().testWithFail(data);
    model = null;
    fallback = null;
    run = null;
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
    run = new TrainingRun(train, architecture, settings, seed, validationPercent, patience, diagnostics);
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

  @Override
  public void done() throws Exception {
    if (run != null) {
      model = run.finish(resume);
      if (!resume) {
        run = null;
      }
    }
  }

  private NetworkSpec architecture() throws WekaException {
    int[] hidden = option(() -> HiddenLayers.parse(hiddenLayers));
    return new NetworkSpec(0, hidden, 0, NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY, bnPlacement, activation,
        leakyReluAlpha, weightInit, bnMomentum, bnEpsilon);
  }

  private TrainingSettings trainingSettings() throws WekaException {
    return new TrainingSettings(optimizer, learningRate, momentum, l2, trainingBatchSizeValue());
  }

  private int trainingBatchSizeValue() throws WekaException {
    int size;
    try {
      size = Integer.parseInt(trainingBatchSize.trim());
    } catch (NumberFormatException e) {
      throw new WekaException("BatchNormMLP: -batch-size: '" + trainingBatchSize + "' is not a whole number");
    }
    require(size > 0, "-batch-size must be positive (got " + size + ")");
    return size;
  }

  /** Every numeric option in range; the error names the option and the bad value. */
  private void checkOptionValues() throws WekaException {
    require(learningRate > 0 && Double.isFinite(learningRate), "-lr must be positive (got " + learningRate + ")");
    require(momentum >= 0 && momentum < 1, "-momentum must be in [0, 1) (got " + momentum + ")");
    require(l2 >= 0 && Double.isFinite(l2), "-l2 must be >= 0 (got " + l2 + ")");
    require(numEpochs > 0, "-epochs must be positive (got " + numEpochs + ")");
    require(leakyReluAlpha >= 0 && leakyReluAlpha < 1, "-alpha must be in [0, 1) (got " + leakyReluAlpha + ")");
    require(bnMomentum > 0 && bnMomentum <= 1, "-bn-momentum must be in (0, 1] (got " + bnMomentum + ")");
    require(bnEpsilon > 0, "-bn-epsilon must be positive (got " + bnEpsilon + ")");
    require(validationPercent >= 0 && validationPercent < 100,
        "-validation-percent must be in [0, 100) (got " + validationPercent + ")");
    require(patience > 0, "-patience must be positive (got " + patience + ")");
    require(numThreads >= 0, "-num-threads must be 0 (all cores) or positive (got " + numThreads + ")");
  }

  private static void require(boolean ok, String message) throws WekaException {
    if (!ok) {
      throw new WekaException("BatchNormMLP: " + message);
    }
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T option(Parse<T> parse) throws WekaException {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new WekaException("BatchNormMLP: " + e.getMessage());
    }
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
    double[][] predictions = trainedModel().distributions(data);
    RecentPredictor.remember(this, predictions);
    return predictions;
  }

  @Override
  public boolean implementsMoreEfficientBatchPrediction() {
    return true;
  }

  /** Per-layer dead (ReLU) or all-negative (LeakyReLU) hidden units of the trained network on {@code data}. */
  public DeadUnitReport deadUnitReport(Instances data) throws Exception {
    return trainedModel().deadUnits(data);
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
    NetworkSpec spec = model.engine().spec();
    StringBuilder sb = new StringBuilder("BatchNormMLP\n============\n\n");
    sb.append("Network:    ").append(spec.inputs).append(" inputs -> hidden ")
        .append(hiddenDescription(spec.hidden)).append(" -> ").append(spec.outputs)
        .append(spec.loss == NetworkSpec.Loss.SOFTMAX_CROSS_ENTROPY ? " outputs (softmax, cross-entropy)\n"
            : " output (linear, squared error on the standardized class)\n");
    sb.append("Hidden:     ").append(bnPlacement.label()).append(activation == ActivationKind.LEAKY_RELU
        ? ", alpha " + leakyReluAlpha : "").append(bnPlacement != BnPlacement.NONE
        ? ", BN momentum " + bnMomentum + ", epsilon " + bnEpsilon : "").append('\n');
    sb.append("Training:   ").append(optimizer.optionValue()).append(", lr ").append(learningRate)
        .append(optimizer == OptimizerKind.SGD ? ", momentum " + momentum : "").append(", L2 ").append(l2)
        .append(", batch ").append(trainingBatchSize).append(", init ").append(weightInit.optionValue())
        .append(", seed ").append(seed).append('\n');
    sb.append("Parameters: ").append(model.engine().parameterCount()).append('\n');
    sb.append("Backend:    ").append(Nd4jRuntime.describeBackend()).append("\n\n");
    sb.append("Epochs trained: ").append(model.log().epochs()).append(" of ").append(numEpochs).append('\n');
    sb.append(model.log().summary()).append('\n');
    sb.append(model.trainingReport().toTable("training data"));
    if (model.trajectory() != null) {
      sb.append('\n').append(model.trajectory().toTable());
    }
    return sb.toString();
  }

  /** Layer sizes in the -hidden syntax, runs of three or more written SIZExCOUNT. */
  private static String hiddenDescription(int[] hidden) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hidden.length;) {
      int run = 1;
      while (i + run < hidden.length && hidden[i + run] == hidden[i]) {
        run++;
      }
      sb.append(sb.length() > 0 ? "," : "");
      if (run >= 3) {
        sb.append(hidden[i]).append('x').append(run);
      } else {
        sb.append(hidden[i]).append(run == 2 ? "," + hidden[i] : "");
      }
      i += run;
    }
    return sb.toString();
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

  private static final String MEASURE_LAYER_PREFIX = "measureDeadUnitsLayer";

  /**
   * Measures for the Experimenter, all on the training data of the run: dead units in total, as a
   * fraction of the hidden units, per layer; mean zero fraction; epochs trained; final training loss.
   */
  @Override
  public Enumeration<String> enumerateMeasures() {
    Vector<String> names = new Vector<>();
    Collections.addAll(names, "measureDeadUnits", "measureDeadFraction", "measureZeroFraction",
        "measureEpochsTrained", "measureFinalTrainingLoss");
    int layers;
    try {
      layers = model != null ? model.engine().spec().layerCount() : HiddenLayers.parse(hiddenLayers).length;
    } catch (IllegalArgumentException e) {
      layers = 0; // a bad -hidden is reported when building, not when listing measures
    }
    for (int l = 1; l <= layers; l++) {
      names.add(MEASURE_LAYER_PREFIX + l);
    }
    return names.elements();
  }

  @Override
  public double getMeasure(String name) {
    if (model == null) {
      if (fallback != null) {
        return name.equals("measureFinalTrainingLoss") ? Double.NaN : 0;
      }
      throw new IllegalArgumentException("BatchNormMLP: no model built yet, so no measure " + name);
    }
    DeadUnitReport report = model.trainingReport();
    switch (name) {
      case "measureDeadUnits":
        return report.totalInactiveUnits();
      case "measureDeadFraction":
        return report.totalInactiveUnits() / (double) report.totalUnits();
      case "measureZeroFraction":
        return report.layers().stream().mapToDouble(l -> l.inactiveFraction() * l.units()).sum()
            / report.totalUnits();
      case "measureEpochsTrained":
        return model.log().epochs();
      case "measureFinalTrainingLoss":
        return model.log().lastTrainingLoss();
      default:
        if (name.startsWith(MEASURE_LAYER_PREFIX)) {
          try {
            int layer = Integer.parseInt(name.substring(MEASURE_LAYER_PREFIX.length()));
            if (layer >= 1 && layer <= report.layers().size()) {
              return report.layer(layer - 1).inactiveUnits();
            }
          } catch (NumberFormatException e) {
            // falls through to the error naming the measure
          }
        }
        throw new IllegalArgumentException("BatchNormMLP: unknown measure " + name);
    }
  }

  // ---------------------------------------------------------------- options

  @Override
  public Enumeration<Option> listOptions() {
    Vector<Option> result = new Vector<>();
    result.add(new Option("\tHidden layer sizes, comma-separated; SIZExCOUNT repeats a size\n"
        + "\t(e.g. 256,256,256 or 64x50). (default " + DEFAULT_HIDDEN + ")", "hidden", 1, "-hidden <sizes>"));
    result.add(new Option("\tBatch normalization placement: " + Choices.accepted(BnPlacement.class)
        + ". (default before)", "bn", 1, "-bn <placement>"));
    result.add(new Option("\tHidden activation: " + Choices.accepted(ActivationKind.class) + ". (default relu)",
        "activation", 1, "-activation <name>"));
    result.add(new Option("\tLeakyReLU slope for negative inputs. (default 0.01)", "alpha", 1, "-alpha <slope>"));
    result.add(new Option("\tWeight initialisation: " + Choices.accepted(InitScheme.class) + " (normal). (default he)",
        "init", 1, "-init <scheme>"));
    result.add(new Option("\tOptimizer: " + Choices.accepted(OptimizerKind.class) + ". (default adam)",
        "optimizer", 1, "-optimizer <name>"));
    result.add(new Option("\tLearning rate. (default 0.001)", "lr", 1, "-lr <rate>"));
    result.add(new Option("\tNesterov momentum for sgd. (default 0.9)", "momentum", 1, "-momentum <m>"));
    result.add(new Option("\tL2 penalty on weights. (default 0)", "l2", 1, "-l2 <lambda>"));
    result.add(new Option("\tMinibatch size for training and batch prediction. (default " + DEFAULT_BATCH_SIZE
        + ")", "batch-size", 1, "-batch-size <rows>"));
    result.add(new Option("\tNumber of epochs. (default 100)", "epochs", 1, "-epochs <n>"));
    result.add(new Option("\tRandom seed. (default 1)", "S", 1, "-S <seed>"));
    result.add(new Option("\tBN running-statistics momentum (weight of each new batch). (default 0.1)",
        "bn-momentum", 1, "-bn-momentum <m>"));
    result.add(new Option("\tBN epsilon added to the variance. (default 1e-5)", "bn-epsilon", 1, "-bn-epsilon <eps>"));
    result.add(new Option("\tPercentage of the training data held out for early stopping; 0 = none.\n"
        + "\t(default 0)", "validation-percent", 1, "-validation-percent <pct>"));
    result.add(new Option("\tEpochs without validation improvement before stopping. (default 10)",
        "patience", 1, "-patience <epochs>"));
    result.add(new Option("\tND4J backend: " + Choices.accepted(BackendRequest.class) + ". (default auto)",
        "backend", 1, "-backend <name>"));
    result.add(new Option("\tThreads each training step and prediction is split over; 0 = all cores. (default 0)",
        "num-threads", 1, "-num-threads <n>"));
    result.add(new Option("\tRecord per-epoch diagnostics: dead units, activation statistics, gradient\n"
        + "\tnorms and BN parameters per layer, and the state at initialisation.", "diagnostics", 0,
        "-diagnostics"));
    for (Option o : Collections.list(super.listOptions())) {
      if (!o.name().equals("batch-size")) {
        result.add(o);
      }
    }
    return result.elements();
  }

  @Override
  public void setOptions(String[] options) throws Exception {
    hiddenLayers = text(options, "hidden", DEFAULT_HIDDEN);
    bnPlacement = option(() -> Choices.parse("bn", textOrNull(options, "bn", "before"), BnPlacement.class));
    activation = option(() -> Choices.parse("activation", textOrNull(options, "activation", "relu"),
        ActivationKind.class));
    leakyReluAlpha = number(options, "alpha", 0.01);
    weightInit = option(() -> Choices.parse("init", textOrNull(options, "init", "he"), InitScheme.class));
    optimizer = option(() -> Choices.parse("optimizer", textOrNull(options, "optimizer", "adam"),
        OptimizerKind.class));
    learningRate = number(options, "lr", 0.001);
    momentum = number(options, "momentum", 0.9);
    l2 = number(options, "l2", 0.0);
    trainingBatchSize = text(options, "batch-size", DEFAULT_BATCH_SIZE);
    numEpochs = whole(options, "epochs", 100);
    seed = whole(options, "S", 1);
    bnMomentum = number(options, "bn-momentum", 0.1);
    bnEpsilon = number(options, "bn-epsilon", 1e-5);
    validationPercent = number(options, "validation-percent", 0);
    patience = whole(options, "patience", 10);
    diagnostics = Utils.getFlag("diagnostics", options);
    numThreads = whole(options, "num-threads", 0);
    backend = option(() -> Choices.parse("backend", textOrNull(options, "backend", "auto"), BackendRequest.class));
    super.setOptions(options);
    // fail on the command line, before any data is read
    architecture();
    trainingBatchSizeValue();
    checkOptionValues();
  }

  @Override
  public String[] getOptions() {
    List<String> result = new ArrayList<>();
    Collections.addAll(result, "-hidden", hiddenLayers, "-bn", bnPlacement.optionValue(),
        "-activation", activation.optionValue(), "-alpha", "" + leakyReluAlpha,
        "-init", weightInit.optionValue(), "-optimizer", optimizer.optionValue(),
        "-lr", "" + learningRate, "-momentum", "" + momentum, "-l2", "" + l2,
        "-batch-size", trainingBatchSize, "-epochs", "" + numEpochs, "-S", "" + seed,
        "-bn-momentum", "" + bnMomentum, "-bn-epsilon", "" + bnEpsilon,
        "-validation-percent", "" + validationPercent, "-patience", "" + patience);
    result.add("-num-threads");
    result.add("" + numThreads);
    result.add("-backend");
    result.add(backend.optionValue());
    if (diagnostics) {
      result.add("-diagnostics");
    }
    String[] inherited = super.getOptions();
    for (int i = 0; i < inherited.length; i++) {
      if (inherited[i].equals("-batch-size")) {
        i++; // ours, written above
      } else {
        result.add(inherited[i]);
      }
    }
    return result.toArray(new String[0]);
  }

  private static String textOrNull(String[] options, String name, String fallbackValue) {
    try {
      String value = Utils.getOption(name, options);
      return value.isEmpty() ? fallbackValue : value;
    } catch (Exception e) {
      throw new IllegalArgumentException("-" + name + ": " + e.getMessage());
    }
  }

  private static String text(String[] options, String name, String fallbackValue) throws Exception {
    String value = Utils.getOption(name, options);
    return value.isEmpty() ? fallbackValue : value;
  }

  private static double number(String[] options, String name, double fallbackValue) throws Exception {
    String value = Utils.getOption(name, options);
    if (value.isEmpty()) {
      return fallbackValue;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new WekaException("BatchNormMLP: -" + name + ": '" + value + "' is not a number");
    }
  }

  private static int whole(String[] options, String name, int fallbackValue) throws Exception {
    String value = Utils.getOption(name, options);
    if (value.isEmpty()) {
      return fallbackValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new WekaException("BatchNormMLP: -" + name + ": '" + value + "' is not a whole number");
    }
  }

  // ---------------------------------------------------------------- properties (GUI)

  private static final String TIP_HIDDEN_LAYERS = "Hidden layer sizes, comma-separated; SIZExCOUNT repeats a size, e.g. 256,256,256 or 64x50.";
  private static final String TIP_BATCH_NORM_PLACEMENT = "Where batch normalization sits in each hidden layer: none, before the activation "
        + "(Linear -> BN -> activation) or after it (Linear -> activation -> BN).";
  private static final String TIP_ACTIVATION = "Hidden-layer activation: ReLU, or LeakyReLU (slope alpha for negative inputs).";
  private static final String TIP_LEAKY_RELU_ALPHA = "LeakyReLU slope for negative inputs, in [0, 1); used only with the LeakyReLU activation.";
  private static final String TIP_WEIGHT_INIT = "Initial weights: zero-mean normal with He (sqrt(2/fanIn), suited to ReLU) or Xavier "
        + "(sqrt(2/(fanIn+fanOut))) standard deviation.";
  private static final String TIP_OPTIMIZER = "Update rule: Adam, or SGD with Nesterov momentum.";
  private static final String TIP_LEARNING_RATE = "Step size of the optimizer (Adam: around 0.001; SGD: around 0.01-0.1). Lower it if the loss becomes NaN.";
  private static final String TIP_MOMENTUM = "Nesterov momentum of SGD, in [0, 1); not used by Adam.";
  private static final String TIP_L2 = "L2 penalty on the weight matrices (not biases or BN parameters): adds l2/2 * |W|^2 to the loss.";
  private static final String TIP_BATCH_SIZE = "Minibatch size: rows per training step (BN statistics are computed over it) and per prediction batch.";
  private static final String TIP_NUM_EPOCHS = "Number of passes over the training data (early stopping may end training sooner).";
  private static final String TIP_VALIDATION_PERCENT = "Percentage of the training data held out to pick the best epoch (early stopping); 0 turns it off.";
  private static final String TIP_PATIENCE = "With a validation set: stop after this many epochs without a lower validation loss, "
        + "and keep the best weights.";
  private static final String TIP_BN_MOMENTUM = "Weight of each new batch in BN's running mean and variance, which are used at prediction time.";
  private static final String TIP_BN_EPSILON = "Added to the variance in BN before the square root, for numerical stability.";
  private static final String TIP_SEED = "Seed for weight initialisation, shuffling and the validation split; same seed and data give the same model.";
  private static final String TIP_DIAGNOSTICS = "Record per-epoch diagnostics on a sample of the training data: dead units per layer, activation "
        + "mean/std, weight-gradient norms (vanishing/exploding gradients), BN gamma/beta, and whether "
        + "units are dead or the output collapsed at initialisation. Shown in the model output.";
  private static final String TIP_BACKEND = "ND4J backend: auto (CUDA when the CUDA package is installed and the GPU supported, else CPU), cpu, "
        + "or cuda (fails with the reason when CUDA cannot run). One backend per Java process.";
  private static final String TIP_NUM_THREADS = "Threads each training step and prediction is split over (on the CPU; ND4J's own threads too); 0 uses every core. Applies to the whole JVM.";
  private static final String TIP_RESUME = "Keep the training state after building, so that building again with more epochs continues training.";

  public String hiddenLayersTipText() {
    return TIP_HIDDEN_LAYERS;
  }

  @OptionMetadata(displayName = "Hidden layers", description = TIP_HIDDEN_LAYERS, displayOrder = 1)
  public String getHiddenLayers() {
    return hiddenLayers;
  }

  public void setHiddenLayers(String value) {
    hiddenLayers = value;
  }

  public String batchNormPlacementTipText() {
    return TIP_BATCH_NORM_PLACEMENT;
  }

  @OptionMetadata(displayName = "BN placement", description = TIP_BATCH_NORM_PLACEMENT, displayOrder = 2)
  public SelectedTag getBatchNormPlacement() {
    return Choices.selected(bnPlacement);
  }

  public void setBatchNormPlacement(SelectedTag value) {
    bnPlacement = Choices.fromTag(value, BnPlacement.class);
  }

  public String activationTipText() {
    return TIP_ACTIVATION;
  }

  @OptionMetadata(displayName = "Activation", description = TIP_ACTIVATION, displayOrder = 3)
  public SelectedTag getActivation() {
    return Choices.selected(activation);
  }

  public void setActivation(SelectedTag value) {
    activation = Choices.fromTag(value, ActivationKind.class);
  }

  public String leakyReluAlphaTipText() {
    return TIP_LEAKY_RELU_ALPHA;
  }

  @OptionMetadata(displayName = "LeakyReLU alpha", description = TIP_LEAKY_RELU_ALPHA, displayOrder = 4)
  public double getLeakyReluAlpha() {
    return leakyReluAlpha;
  }

  public void setLeakyReluAlpha(double value) {
    leakyReluAlpha = value;
  }

  public String weightInitTipText() {
    return TIP_WEIGHT_INIT;
  }

  @OptionMetadata(displayName = "Weight initialisation", description = TIP_WEIGHT_INIT, displayOrder = 5)
  public SelectedTag getWeightInit() {
    return Choices.selected(weightInit);
  }

  public void setWeightInit(SelectedTag value) {
    weightInit = Choices.fromTag(value, InitScheme.class);
  }

  public String optimizerTipText() {
    return TIP_OPTIMIZER;
  }

  @OptionMetadata(displayName = "Optimizer", description = TIP_OPTIMIZER, displayOrder = 6)
  public SelectedTag getOptimizer() {
    return Choices.selected(optimizer);
  }

  public void setOptimizer(SelectedTag value) {
    optimizer = Choices.fromTag(value, OptimizerKind.class);
  }

  public String learningRateTipText() {
    return TIP_LEARNING_RATE;
  }

  @OptionMetadata(displayName = "Learning rate", description = TIP_LEARNING_RATE, displayOrder = 7)
  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double value) {
    learningRate = value;
  }

  public String momentumTipText() {
    return TIP_MOMENTUM;
  }

  @OptionMetadata(displayName = "SGD momentum", description = TIP_MOMENTUM, displayOrder = 8)
  public double getMomentum() {
    return momentum;
  }

  public void setMomentum(double value) {
    momentum = value;
  }

  public String l2TipText() {
    return TIP_L2;
  }

  @OptionMetadata(displayName = "L2 penalty", description = TIP_L2, displayOrder = 9)
  public double getL2() {
    return l2;
  }

  public void setL2(double value) {
    l2 = value;
  }

  @Override
  public String batchSizeTipText() {
    return TIP_BATCH_SIZE;
  }

  @OptionMetadata(displayName = "Batch size", description = TIP_BATCH_SIZE, displayOrder = 10)
  @Override
  public String getBatchSize() {
    return trainingBatchSize;
  }

  @Override
  public void setBatchSize(String value) {
    trainingBatchSize = value;
  }

  public String numEpochsTipText() {
    return TIP_NUM_EPOCHS;
  }

  @OptionMetadata(displayName = "Epochs", description = TIP_NUM_EPOCHS, displayOrder = 11)
  public int getNumEpochs() {
    return numEpochs;
  }

  public void setNumEpochs(int value) {
    numEpochs = value;
  }

  public String seedTipText() {
    return TIP_SEED;
  }

  @OptionMetadata(displayName = "Random seed", description = TIP_SEED, displayOrder = 16)
  @Override
  public int getSeed() {
    return seed;
  }

  @Override
  public void setSeed(int value) {
    seed = value;
  }

  public String bnMomentumTipText() {
    return TIP_BN_MOMENTUM;
  }

  @OptionMetadata(displayName = "BN running-statistics momentum", description = TIP_BN_MOMENTUM, displayOrder = 14)
  public double getBnMomentum() {
    return bnMomentum;
  }

  public void setBnMomentum(double value) {
    bnMomentum = value;
  }

  public String bnEpsilonTipText() {
    return TIP_BN_EPSILON;
  }

  @OptionMetadata(displayName = "BN epsilon", description = TIP_BN_EPSILON, displayOrder = 15)
  public double getBnEpsilon() {
    return bnEpsilon;
  }

  public void setBnEpsilon(double value) {
    bnEpsilon = value;
  }

  public String validationPercentTipText() {
    return TIP_VALIDATION_PERCENT;
  }

  @OptionMetadata(displayName = "Validation percent (early stopping)", description = TIP_VALIDATION_PERCENT, displayOrder = 12)
  public double getValidationPercent() {
    return validationPercent;
  }

  public void setValidationPercent(double value) {
    validationPercent = value;
  }

  public String patienceTipText() {
    return TIP_PATIENCE;
  }

  @OptionMetadata(displayName = "Patience (epochs)", description = TIP_PATIENCE, displayOrder = 13)
  public int getPatience() {
    return patience;
  }

  public void setPatience(int value) {
    patience = value;
  }

  public String backendTipText() {
    return TIP_BACKEND;
  }

  @OptionMetadata(displayName = "Backend", description = TIP_BACKEND, displayOrder = 18)
  public SelectedTag getBackend() {
    return Choices.selected(backend);
  }

  public void setBackend(SelectedTag value) {
    backend = Choices.fromTag(value, BackendRequest.class);
  }

  public String numThreadsTipText() {
    return TIP_NUM_THREADS;
  }

  @OptionMetadata(displayName = "Threads", description = TIP_NUM_THREADS, displayOrder = 19)
  public int getNumThreads() {
    return numThreads;
  }

  public void setNumThreads(int value) {
    numThreads = value;
  }

  public String diagnosticsTipText() {
    return TIP_DIAGNOSTICS;
  }

  @OptionMetadata(displayName = "Record diagnostics", description = TIP_DIAGNOSTICS, displayOrder = 17)
  public boolean getDiagnostics() {
    return diagnostics;
  }

  public void setDiagnostics(boolean value) {
    diagnostics = value;
  }

  public String resumeTipText() {
    return TIP_RESUME;
  }

  @OptionMetadata(displayName = "Resume training", description = TIP_RESUME, displayOrder = 20)
  @Override
  public boolean getResume() {
    return resume;
  }

  @Override
  public void setResume(boolean value) {
    resume = value;
  }

  @Override
  public String getRevision() {
    return RevisionUtils.extract("$Revision: 1 $");
  }

  public static void main(String[] args) {
    runClassifier(new BatchNormMLP(), args);
  }
}
