package weka.classifiers.functions.bnmlp.predict;

import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;

/**
 * How a network's kernel family predicts: layer by layer through the network
 * ({@link LayerByLayerPredictor}, any kernels), or in its own faster way ({@link FoldedPredictor}, the CPU
 * kernels). One predictor serves one network, one call at a time.
 */
public interface Predictor {

  /**
   * Class probabilities (or the numeric output) for {@code rows} rows taken from {@code source}
   * (several threads may read it at once), handed to {@code sink} a chunk of rows at a time (several
   * threads may write to it at once).
   */
  void predict(int rows, RowSource source, RowSink sink);

  /**
   * Per hidden layer, how active its units were on {@code rows} rows taken from {@code source}:
   * what a dead-unit report is made of.
   */
  UnitActivity activity(int rows, RowSource source);

  /** The network's parameters or statistics changed: forget whatever was derived from them. */
  default void parametersChanged() {
  }
}
