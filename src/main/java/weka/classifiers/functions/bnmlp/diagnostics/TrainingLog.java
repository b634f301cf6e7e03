package weka.classifiers.functions.bnmlp.diagnostics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Loss per epoch (training, and validation when early stopping is on), and the epoch kept. */
public final class TrainingLog implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Epochs listed in full in the summary; longer runs show a sample of them. */
  private static final int SHOWN_EPOCHS = 12;

  private final List<Double> trainingLoss = new ArrayList<>();
  private final List<Double> validationLoss = new ArrayList<>();
  private int bestEpoch = -1;
  private boolean stoppedEarly;
  /** The one line saying where and how training diverged; null for a run that did not. */
  private String divergence;
  private int divergedEpoch = -1;
  private final List<String> warnings = new ArrayList<>();

  public void addEpoch(double training) {
    trainingLoss.add(training);
  }

  public void addValidation(double validation, boolean best) {
    validationLoss.add(validation);
    if (best) {
      bestEpoch = trainingLoss.size();
    }
  }

  public void markStoppedEarly() {
    stoppedEarly = true;
  }

  /** Training continues after an early stop: the next epochs are new ones. */
  public void clearStoppedEarly() {
    stoppedEarly = false;
  }

  /** Training diverged in epoch {@code epoch} (not among the epochs logged); {@code line} says so. */
  public void markDiverged(int epoch, String line) {
    divergedEpoch = epoch;
    divergence = line;
  }

  public boolean diverged() {
    return divergence != null;
  }

  /** The epoch (1-based) in which the loss diverged; -1 when it did not. */
  public int divergedEpoch() {
    return divergedEpoch;
  }

  /** The one-line account of the divergence (epoch, loss, what to try), or null. */
  public String divergence() {
    return divergence;
  }

  /** Something about the run the user should know (shown with the model), e.g. BN over one row. */
  public void addWarning(String warning) {
    if (!warnings.contains(warning)) {
      warnings.add(warning);
    }
  }

  public List<String> warnings() {
    return java.util.Collections.unmodifiableList(warnings);
  }

  public int epochs() {
    return trainingLoss.size();
  }

  public double lastTrainingLoss() {
    return trainingLoss.isEmpty() ? Double.NaN : trainingLoss.get(trainingLoss.size() - 1);
  }

  /** The epoch (1-based) whose weights were kept by early stopping; -1 without validation. */
  public int bestEpoch() {
    return bestEpoch;
  }

  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  public String summary() {
    StringBuilder sb = new StringBuilder();
    boolean validating = !validationLoss.isEmpty();
    sb.append(String.format("%7s %14s%s%n", "epoch", "training loss", validating ? "  validation loss" : ""));
    int n = trainingLoss.size();
    int stride = Math.max(1, (int) Math.ceil(n / (double) SHOWN_EPOCHS));
    for (int e = 1; e <= n; e++) {
      if (e != 1 && e != n && e % stride != 0 && e != bestEpoch) {
        continue;
      }
      sb.append(String.format("%7d %14.5f", e, trainingLoss.get(e - 1)));
      if (validating && e <= validationLoss.size()) {
        sb.append(String.format(" %16.5f%s", validationLoss.get(e - 1), e == bestEpoch ? "  <- kept" : ""));
      }
      sb.append('\n');
    }
    if (stoppedEarly) {
      sb.append("Stopped early: no validation improvement for the patience window; weights of epoch ")
          .append(bestEpoch).append(" restored.\n");
    } else if (validating && bestEpoch > 0) {
      sb.append("Weights of epoch ").append(bestEpoch).append(" (lowest validation loss) kept.\n");
    }
    return sb.toString();
  }
}
