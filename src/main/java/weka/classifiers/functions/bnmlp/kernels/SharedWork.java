package weka.classifiers.functions.bnmlp.kernels;

/**
 * Work in independent pieces that a step running on one thread hands to the threads it would
 * otherwise leave waiting: during a layer's BN backward step on the matrix library, the parameter
 * update of the layer above it, whose gradient is final by then. Any thread may take any piece, and
 * each piece runs once; the threads that took pieces are done when every piece is.
 */
public interface SharedWork {

  /**
   * Takes pieces no thread has taken yet and runs them on the calling thread, with {@code kernels}
   * that stay on it, until none is left.
   */
  void takePieces(Kernels kernels);
}
