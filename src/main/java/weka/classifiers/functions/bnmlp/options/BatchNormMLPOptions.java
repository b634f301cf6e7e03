package weka.classifiers.functions.bnmlp.options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import weka.classifiers.AbstractClassifier;
import weka.core.Option;
import weka.core.OptionMetadata;
import weka.core.SelectedTag;
import weka.core.Tag;
import weka.core.Utils;
import weka.core.WekaException;

/**
 * BatchNormMLP's options, each declared once: a field holding its default, and a getter whose
 * {@link OptionMetadata} gives the GUI's name, order and tip text and the command-line name. The
 * command line ({@link #listOptions}, {@link #setOptions}, {@link #getOptions}) is derived from
 * those declarations by {@link AnnotatedOptions}; range checks that concern several options or
 * must also cover values set in the GUI are in {@link #checkOptionValues}.
 */
public abstract class BatchNormMLPOptions extends AbstractClassifier {

  private static final long serialVersionUID = 1L;

  public static final Tag[] TAGS_BN = Choices.tags(BnPlacement.class);
  public static final Tag[] TAGS_ACTIVATION = Choices.tags(ActivationKind.class);
  public static final Tag[] TAGS_INIT = Choices.tags(InitScheme.class);
  public static final Tag[] TAGS_OPTIMIZER = Choices.tags(OptimizerKind.class);
  public static final Tag[] TAGS_BACKEND = Choices.tags(BackendRequest.class);

  /** The declarations of each concrete class, read once. */
  private static final ClassValue<AnnotatedOptions> DECLARED = new ClassValue<AnnotatedOptions>() {
    @Override
    protected AnnotatedOptions computeValue(Class<?> type) {
      return new AnnotatedOptions(type, AbstractClassifier.class);
    }
  };

  protected String hiddenLayers = "64,64";
  protected BnPlacement bnPlacement = BnPlacement.BEFORE;
  protected ActivationKind activation = ActivationKind.RELU;
  protected double leakyReluAlpha = 0.01;
  protected InitScheme weightInit = InitScheme.HE;
  protected OptimizerKind optimizer = OptimizerKind.ADAM;
  protected double learningRate = 0.001;
  protected double momentum = 0.9;
  protected double l2 = 0.0;
  protected String trainingBatchSize = "32";
  protected int numEpochs = 100;
  protected int seed = 1;
  protected double bnMomentum = 0.1;
  protected double bnEpsilon = 1e-5;
  protected double validationPercent = 0;
  protected int patience = 10;
  protected boolean diagnostics;
  protected int numThreads;
  protected BackendRequest backend = BackendRequest.AUTO;
  protected boolean resume;

  /**
   * Whether options not given on a command line keep their current values rather than take their
   * defaults: true for a trained model, so that continuing it keeps its saved settings.
   */
  protected abstract boolean keepsUnspecifiedOptions();

  // ---------------------------------------------------------------- the command line, derived

  @Override
  public Enumeration<Option> listOptions() {
    Vector<Option> result = DECLARED.get(getClass()).list(defaults());
    List<String> own = new ArrayList<>(DECLARED.get(getClass()).settings(this).keySet());
    for (Option inherited : Collections.list(super.listOptions())) {
      if (!own.contains(inherited.name())) { // Weka's debug, capabilities and decimal-places options
        result.add(inherited);
      }
    }
    return result.elements();
  }

  /**
   * Sets the options; those not given take their defaults, or, on a trained network (as Weka's
   * {@code -l model -continue-iterating} loads it), keep the model's values. Bad values are refused
   * with the option's name before anything is changed.
   */
  @Override
  public void setOptions(String[] options) throws Exception {
    DECLARED.get(getClass()).read(this, keepsUnspecifiedOptions() ? this : defaults(), options);
    setDebug(Utils.getFlag("output-debug-info", options));
    setDoNotCheckCapabilities(Utils.getFlag("do-not-check-capabilities", options));
    String places = Utils.getOption("num-decimal-places", options);
    if (!places.isEmpty()) {
      setNumDecimalPlaces(Integer.parseInt(places));
    }
    Utils.checkForRemainingOptions(options);
    checkOptionValues(); // fail on the command line, before any data is read
  }

  @Override
  public String[] getOptions() {
    List<String> result = DECLARED.get(getClass()).write(this);
    if (getDebug()) {
      result.add("-output-debug-info");
    }
    if (getDoNotCheckCapabilities()) {
      result.add("-do-not-check-capabilities");
    }
    if (getNumDecimalPlaces() != NUM_DECIMAL_PLACES_DEFAULT) {
      Collections.addAll(result, "-num-decimal-places", "" + getNumDecimalPlaces());
    }
    return result.toArray(new String[0]);
  }

  /** Each option's setting as written ("-bn after"), keyed by its command-line name. */
  protected Map<String, String> optionSettings() {
    return DECLARED.get(getClass()).settings(this);
  }

  private Object defaults() {
    try {
      return getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass().getName() + " needs a public no-argument constructor", e);
    }
  }

  // ---------------------------------------------------------------- checks over the values (OptionChecks)

  /** Every option's value in range, however it was set; the error names the option and the value. */
  protected void checkOptionValues() throws WekaException {
    OptionChecks.check(this);
  }

  /** The hidden layer sizes, or an error naming the bad -hidden value. */
  protected int[] hiddenSizes() throws WekaException {
    return OptionChecks.hiddenSizes(hiddenLayers);
  }

  /** The training batch size as a number (the property is a String, as Weka's batch size is). */
  protected int trainingBatchSizeValue() throws WekaException {
    return OptionChecks.batchSize(trainingBatchSize);
  }

  // ---------------------------------------------------------------- the declarations

  @OptionMetadata(displayName = "Hidden layers", displayOrder = 1, commandLineParamName = "hidden",
      commandLineParamSynopsis = "-hidden <sizes>",
      description = "Hidden layer sizes, comma-separated; SIZExCOUNT repeats a size, e.g. 256,256,256 or 64x50.")
  public String getHiddenLayers() {
    return hiddenLayers;
  }

  public void setHiddenLayers(String value) {
    hiddenLayers = value;
  }

  @OptionMetadata(displayName = "BN placement", displayOrder = 2, commandLineParamName = "bn",
      commandLineParamSynopsis = "-bn <none|before|after>",
      description = "Where batch normalization sits in each hidden layer: none, before the activation "
          + "(Linear -> BN -> activation) or after it (Linear -> activation -> BN).")
  public SelectedTag getBatchNormPlacement() {
    return Choices.selected(bnPlacement);
  }

  public void setBatchNormPlacement(SelectedTag value) {
    bnPlacement = Choices.fromTag(value, BnPlacement.class);
  }

  @OptionMetadata(displayName = "Activation", displayOrder = 3, commandLineParamName = "activation",
      commandLineParamSynopsis = "-activation <relu|leakyrelu>",
      description = "Hidden-layer activation: ReLU, or LeakyReLU (slope alpha for negative inputs).")
  public SelectedTag getActivation() {
    return Choices.selected(activation);
  }

  public void setActivation(SelectedTag value) {
    activation = Choices.fromTag(value, ActivationKind.class);
  }

  @OptionMetadata(displayName = "LeakyReLU alpha", displayOrder = 4, commandLineParamName = "alpha",
      commandLineParamSynopsis = "-alpha <slope>",
      description = "LeakyReLU slope for negative inputs, in [0, 1); used only with the LeakyReLU activation.")
  public double getLeakyReluAlpha() {
    return leakyReluAlpha;
  }

  public void setLeakyReluAlpha(double value) {
    leakyReluAlpha = value;
  }

  @OptionMetadata(displayName = "Weight initialisation", displayOrder = 5, commandLineParamName = "init",
      commandLineParamSynopsis = "-init <he|xavier>",
      description = "Initial weights: zero-mean normal with He (sqrt(2/fanIn), suited to ReLU) or Xavier "
          + "(sqrt(2/(fanIn+fanOut))) standard deviation.")
  public SelectedTag getWeightInit() {
    return Choices.selected(weightInit);
  }

  public void setWeightInit(SelectedTag value) {
    weightInit = Choices.fromTag(value, InitScheme.class);
  }

  @OptionMetadata(displayName = "Optimizer", displayOrder = 6, commandLineParamName = "optimizer",
      commandLineParamSynopsis = "-optimizer <adam|sgd>",
      description = "Update rule: Adam, or SGD with Nesterov momentum.")
  public SelectedTag getOptimizer() {
    return Choices.selected(optimizer);
  }

  public void setOptimizer(SelectedTag value) {
    optimizer = Choices.fromTag(value, OptimizerKind.class);
  }

  @OptionMetadata(displayName = "Learning rate", displayOrder = 7, commandLineParamName = "lr",
      commandLineParamSynopsis = "-lr <rate>",
      description = "Step size of the optimizer (Adam: around 0.001; SGD: around 0.01-0.1). Lower it if training diverges.")
  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double value) {
    learningRate = value;
  }

  @OptionMetadata(displayName = "SGD momentum", displayOrder = 8, commandLineParamName = "momentum",
      commandLineParamSynopsis = "-momentum <m>", description = "Nesterov momentum of SGD, in [0, 1); not used by Adam.")
  public double getMomentum() {
    return momentum;
  }

  public void setMomentum(double value) {
    momentum = value;
  }

  @OptionMetadata(displayName = "L2 penalty", displayOrder = 9, commandLineParamName = "l2",
      commandLineParamSynopsis = "-l2 <lambda>",
      description = "L2 penalty on the weight matrices (not biases or BN parameters): adds l2/2 * |W|^2 to the loss.")
  public double getL2() {
    return l2;
  }

  public void setL2(double value) {
    l2 = value;
  }

  @OptionMetadata(displayName = "Batch size", displayOrder = 10, commandLineParamName = "batch-size",
      commandLineParamSynopsis = "-batch-size <rows>",
      description = "Minibatch size: rows per training step (BN statistics are computed over it) and per prediction batch.")
  @Override
  public String getBatchSize() {
    return trainingBatchSize;
  }

  @Override
  public void setBatchSize(String value) {
    trainingBatchSize = value;
  }

  @OptionMetadata(displayName = "Epochs", displayOrder = 11, commandLineParamName = "epochs",
      commandLineParamSynopsis = "-epochs <n>",
      description = "Number of passes over the training data (early stopping may end training sooner); "
          + "when continuing a saved model, the total to reach.")
  public int getNumEpochs() {
    return numEpochs;
  }

  public void setNumEpochs(int value) {
    numEpochs = value;
  }

  @OptionMetadata(displayName = "Validation percent (early stopping)", displayOrder = 12,
      commandLineParamName = "validation-percent", commandLineParamSynopsis = "-validation-percent <pct>",
      description = "Percentage of the training data held out to pick the best epoch (early stopping); 0 turns it off.")
  public double getValidationPercent() {
    return validationPercent;
  }

  public void setValidationPercent(double value) {
    validationPercent = value;
  }

  @OptionMetadata(displayName = "Patience (epochs)", displayOrder = 13, commandLineParamName = "patience",
      commandLineParamSynopsis = "-patience <epochs>",
      description = "With a validation set: stop after this many epochs without a lower validation loss, "
          + "and keep the best weights.")
  public int getPatience() {
    return patience;
  }

  public void setPatience(int value) {
    patience = value;
  }

  @OptionMetadata(displayName = "BN running-statistics momentum", displayOrder = 14,
      commandLineParamName = "bn-momentum", commandLineParamSynopsis = "-bn-momentum <m>",
      description = "Weight of each new batch in BN's running mean and variance, which are used at prediction time.")
  public double getBnMomentum() {
    return bnMomentum;
  }

  public void setBnMomentum(double value) {
    bnMomentum = value;
  }

  @OptionMetadata(displayName = "BN epsilon", displayOrder = 15, commandLineParamName = "bn-epsilon",
      commandLineParamSynopsis = "-bn-epsilon <eps>",
      description = "Added to the variance in BN before the square root, for numerical stability.")
  public double getBnEpsilon() {
    return bnEpsilon;
  }

  public void setBnEpsilon(double value) {
    bnEpsilon = value;
  }

  @OptionMetadata(displayName = "Random seed", displayOrder = 16, commandLineParamName = "S",
      commandLineParamSynopsis = "-S <seed>",
      description = "Seed for weight initialisation, shuffling and the validation split; same seed and data give the same model.")
  public int getSeed() {
    return seed;
  }

  public void setSeed(int value) {
    seed = value;
  }

  @OptionMetadata(displayName = "Record diagnostics", displayOrder = 17, commandLineParamName = "diagnostics",
      commandLineParamSynopsis = "-diagnostics", commandLineParamIsFlag = true,
      description = "Record per-epoch diagnostics on a sample of the training data: dead units per layer, activation "
          + "mean/std, weight-gradient norms (vanishing/exploding gradients), BN gamma/beta, and whether "
          + "units are dead or the output collapsed at initialisation. Shown in the model output.")
  public boolean getDiagnostics() {
    return diagnostics;
  }

  public void setDiagnostics(boolean value) {
    diagnostics = value;
  }

  @OptionMetadata(displayName = "Backend", displayOrder = 18, commandLineParamName = "backend",
      commandLineParamSynopsis = "-backend <auto|cpu|cuda>",
      description = "ND4J backend: auto (CUDA when the CUDA package is installed and the GPU supported, else CPU), cpu, "
          + "or cuda (fails with the reason when CUDA cannot run). One backend per Java process.")
  public SelectedTag getBackend() {
    return Choices.selected(backend);
  }

  public void setBackend(SelectedTag value) {
    backend = Choices.fromTag(value, BackendRequest.class);
  }

  @OptionMetadata(displayName = "Threads", displayOrder = 19, commandLineParamName = "num-threads",
      commandLineParamSynopsis = "-num-threads <n>",
      description = "Threads each training step and prediction of this model is split over (on the CPU); 0 uses every "
          + "core. Each model keeps its own count, whatever else trains in the same JVM.")
  public int getNumThreads() {
    return numThreads;
  }

  public void setNumThreads(int value) {
    numThreads = value;
  }

  /** GUI only: on the command line Weka's {@code -continue-iterating} sets it. */
  @OptionMetadata(displayName = "Resume training", displayOrder = 20,
      description = "Continue training the network already built (its saved settings, up to the given number of "
          + "epochs in all) instead of starting over; Weka's -continue-iterating turns this on.")
  public boolean getResume() {
    return resume;
  }

  public void setResume(boolean value) {
    resume = value;
  }
}
