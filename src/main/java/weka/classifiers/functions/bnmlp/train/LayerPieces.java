package weka.classifiers.functions.bnmlp.train;

import java.util.concurrent.atomic.AtomicInteger;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import weka.classifiers.functions.bnmlp.kernels.Kernels;
import weka.classifiers.functions.bnmlp.kernels.SharedWork;
import weka.classifiers.functions.bnmlp.net.ParameterLayout;

/**
 * One layer's share of the optimizer's update, in pieces that any thread may take ({@link SharedWork}):
 * its weights in pieces of {@link #PIECE} values, then its bias (with BN's gamma and beta, which follow
 * it). The update is element-wise, so it gives the same values in pieces, whole or on any thread.
 * The views are made once; a step only moves two counters.
 */
final class LayerPieces implements SharedWork {

  /**
   * Values per piece: small enough that the threads taking pieces finish within a few microseconds
   * of each other, large enough that a piece's loop, not taking it, is what costs.
   */
  static final int PIECE = 4096;

  /** Updates one piece: parameters, gradient, the optimizer's moments (null where unused), whether they are weights. */
  interface PieceUpdate {
    void apply(Kernels kernels, INDArray params, INDArray grads, INDArray first, INDArray second, boolean weights);
  }

  private final PieceUpdate update;
  /** Per piece: views of the parameters, gradients and the two moment vectors; weights, then the bias block last. */
  private final INDArray[][] pieces;
  /** The whole layer in two pieces (weights; bias and BN), for the update when no thread took any. */
  private final INDArray[][] whole;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();

  /** Layer {@code layer}'s ranges of the flat vectors (moments may be null). */
  LayerPieces(ParameterLayout layout, int layer, INDArray[] flat, PieceUpdate update) {
    this.update = update;
    long w0 = layout.weights(layer);
    long w1 = w0 + (long) layout.in(layer) * layout.out(layer);
    long b0 = layout.bias(layer);
    long b1 = b0 + layout.biasBlock(layer);
    int weightPieces = (int) ((w1 - w0 + PIECE - 1) / PIECE);
    pieces = new INDArray[weightPieces + 1][];
    for (int p = 0; p < weightPieces; p++) {
      pieces[p] = views(flat, w0 + (long) p * PIECE, Math.min(w1, w0 + (long) (p + 1) * PIECE));
    }
    pieces[weightPieces] = views(flat, b0, b1);
    whole = new INDArray[][] {views(flat, w0, w1), pieces[weightPieces]};
  }

  private static INDArray[] views(INDArray[] flat, long from, long to) {
    INDArray[] v = new INDArray[flat.length];
    for (int i = 0; i < flat.length; i++) {
      v[i] = flat[i] == null ? null : flat[i].get(NDArrayIndex.interval(from, to));
    }
    return v;
  }

  /** Before a step: no piece taken. */
  void reset() {
    next.set(0);
    finished.set(0);
  }

  /** Whether any thread has taken a piece since {@link #reset}. */
  boolean started() {
    return next.get() > 0;
  }

  @Override
  public void takePieces(Kernels kernels) {
    for (int p = next.getAndIncrement(); p < pieces.length; p = next.getAndIncrement()) {
      run(kernels, pieces[p], p < pieces.length - 1);
      finished.incrementAndGet();
    }
  }

  /**
   * Updates what no thread has: the whole layer in two calls of {@code kernels} (which split them over
   * their threads) if none took a piece, else the pieces left.
   */
  void finish(Kernels kernels) {
    if (!started()) {
      run(kernels, whole[0], true);
      run(kernels, whole[1], false);
      return;
    }
    takePieces(kernels);
    if (finished.get() != pieces.length) {
      throw new IllegalStateException("a layer's update was left unfinished: " + finished.get() + " of "
          + pieces.length + " pieces ran");
    }
  }

  private void run(Kernels kernels, INDArray[] v, boolean weightPiece) {
    update.apply(kernels, v[0], v[1], v[2], v[3], weightPiece);
  }
}
