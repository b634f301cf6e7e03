package weka.classifiers.functions.bnmlp.net;

import weka.classifiers.functions.bnmlp.kernels.SharedWork;

/**
 * What may be done with a layer's parameters as soon as the backward pass has made the layer's
 * gradient final, while the pass goes on below it: the optimizer's update of that layer.
 */
public interface LayerUpdates {

  /** The work for layer {@code layer} (the output layer is {@code hidden.length}); null: none. */
  SharedWork whenFinal(int layer);
}
