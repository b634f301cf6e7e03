package weka.classifiers.functions.bnmlp.diagnostics;

import java.io.Serializable;

/** One hidden layer at one point of training, measured on a fixed sample of the training data. */
public final class LayerDiagnostics implements Serializable {

  private static final long serialVersionUID = 1L;

  public final int units;
  /** Dead (ReLU) or all-negative (LeakyReLU) units on the sample. */
  public final int inactiveUnits;
  public final double inactiveFraction;
  /** Mean and standard deviation of the activation's output over the sample and the units. */
  public final double activationMean;
  public final double activationStd;
  /** Euclidean norm of the loss gradient with respect to the layer's weights (last minibatch). */
  public final double gradientNorm;
  /** Mean BN gamma and beta (NaN without BN). */
  public final double gammaMean;
  public final double betaMean;

  public LayerDiagnostics(int units, int inactiveUnits, double inactiveFraction, double activationMean,
      double activationStd, double gradientNorm, double gammaMean, double betaMean) {
    this.units = units;
    this.inactiveUnits = inactiveUnits;
    this.inactiveFraction = inactiveFraction;
    this.activationMean = activationMean;
    this.activationStd = activationStd;
    this.gradientNorm = gradientNorm;
    this.gammaMean = gammaMean;
    this.betaMean = betaMean;
  }
}
