package weka.classifiers.functions.bnmlp.cpu;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import weka.classifiers.functions.bnmlp.gemm.LibraryBatchNorm;
import weka.classifiers.functions.bnmlp.kernels.BatchNormLayer;
import weka.classifiers.functions.bnmlp.kernels.BatchNormSteps;
import weka.classifiers.functions.bnmlp.kernels.LayerBuffers;
import weka.classifiers.functions.bnmlp.kernels.SharedWork;
import weka.classifiers.functions.bnmlp.runtime.Lanes;

/**
 * BN before ReLU in training on the matrix library's kernels ({@link LibraryBatchNorm}): one native
 * pass forward and one backward, with no copy through Java arrays. Everything else goes to
 * {@link CpuBatchNorm}: prediction, LeakyReLU and BN after the activation (on one thread those took
 * as long either way, and on two, the library's BN on the calling thread plus the activation's own
 * passes took 8-16% longer than the package's BN split over both threads, measured before the
 * forward step below was split), and any layer whose gamma and beta are not side by side. The
 * running statistics move exactly as there.
 *
 * <p>On more than one thread, the forward step is split by rows: the package's loops sum the batch
 * statistics over the threads, then each thread runs the library's step with those statistics on its
 * rows, which stay in its cache for the product after it, and writes its rows' bits into the batch's
 * workspace. The library's backward step runs on one thread, the one whose cache holds the gradient it
 * reads; the others meanwhile take pieces of the work handed along with it ({@link SharedWork}: the
 * update of the layer above), and that thread joins them once its step is done.
 */
final class LibraryBatchNormSteps implements BatchNormSteps {

  private final LibraryBatchNorm library;
  private final CpuBatchNorm java;
  private final CpuParts parts;
  private final CpuKernels kernels;
  /** Per piece of a step, kernels that stay on the thread running it, for the work handed along. */
  private CpuKernels[] sideKernels = new CpuKernels[0];

  /** More instances of the library's BN, one per piece of a split forward step. */
  private final Supplier<LibraryBatchNorm> libraries;
  /** Per piece of a split forward step, its instance (the first is {@link #library}). */
  private LibraryBatchNorm[] blocks = new LibraryBatchNorm[0];

  /**
   * The step being split over the threads, which its pieces read (fields rather than a lambda's
   * captures, so that a step allocates nothing); cleared when it is done.
   */
  private BatchNormLayer layer;
  private LayerBuffers buffers;
  private INDArray gradient;
  private INDArray workspace;
  private SharedWork work;
  private final IntFunction<LibraryBatchNorm> newBlock = this::newBlock;
  private final IntFunction<CpuKernels> newSideKernels = this::newSideKernels;
  private final CpuParts.PartTask forwardPiece = this::forwardPiece;
  private final CpuParts.PartTask backwardPiece = this::backwardPiece;

  LibraryBatchNormSteps(Supplier<LibraryBatchNorm> libraries, CpuBatchNorm java, CpuParts parts,
      CpuKernels kernels) {
    this.libraries = libraries;
    this.library = libraries.get();
    this.java = java;
    this.parts = parts;
    this.kernels = kernels;
  }

  @Override
  public void trainBefore(BatchNormLayer l, LayerBuffers s) {
    if (!onLibrary(l)) {
      java.trainBefore(l, s);
      return;
    }
    int rows = s.z.rows();
    int n = s.z.columns();
    float epsilon = (float) l.state.epsilon;
    INDArray workspace = workspace(s, rows, n, epsilon);
    int threads = parts.threads();
    if (splitsForward(rows, n, epsilon, threads)) {
      java.batchMoments(s.z, l.state); // split by rows; moves the running statistics too
      split(threads, forwardPiece, l, s, null, workspace, null);
      return;
    }
    CpuScratch c = parts.callerScratch();
    library.forward(rows, n, epsilon, c.at(s.z, 0), c.at(l.gamma, 0), c.at(s.act, 0), c.at(l.state.mean, 0),
        c.at(l.state.var, 0), c.at(workspace, 0));
    java.libraryStatistics(rows, n, l.state);
  }

  /**
   * Whether the forward step runs on all threads, each on its rows with the batch statistics the
   * package's loops summed: on more than one thread, where each block's bits start on a float of the
   * workspace (n a multiple of 32), and the library keeps one bit per value in row order for the whole
   * batch (which the backward step reads) and for each block's shape.
   */
  private boolean splitsForward(int rows, int n, float epsilon, int threads) {
    if (threads < 2 || rows < CpuParts.MIN_ROWS_TO_SPLIT || n % Float.SIZE != 0
        || !library.takesStatistics(rows, n, epsilon)) {
      return false;
    }
    blocks = grown(blocks, threads, newBlock); // the pieces' instances, made when first needed
    for (int part = 0; part < threads; part++) {
      int r = rowFrom(rows, part + 1, threads) - rowFrom(rows, part, threads);
      if (r > 0 && !blocks[part].takesStatistics(r, n, epsilon)) {
        return false;
      }
    }
    return true;
  }

  private static int rowFrom(int rows, int part, int parts) {
    return Lanes.start(rows, part, parts, 1);
  }

  /** Runs {@code piece} on {@code threads} threads over the step these arguments describe. */
  private void split(int threads, CpuParts.PartTask piece, BatchNormLayer l, LayerBuffers s, INDArray dAct,
      INDArray bits, SharedWork alongside) {
    layer = l;
    buffers = s;
    gradient = dAct;
    workspace = bits;
    work = alongside;
    try {
      parts.runIn(threads, piece);
    } finally {
      layer = null;
      buffers = null;
      gradient = null;
      workspace = null;
      work = null;
    }
  }

  /** One thread's rows of the split forward step, with the statistics in the layer's state. */
  private void forwardPiece(CpuScratch c, int part, int count) {
    LayerBuffers s = buffers;
    int rows = s.z.rows();
    int n = s.z.columns();
    int r0 = rowFrom(rows, part, count);
    int r1 = rowFrom(rows, part + 1, count);
    if (r1 > r0) {
      BatchNormLayer l = layer;
      blocks[part].forwardGiven(r1 - r0, n, (float) l.state.epsilon, c.at(s.z, (long) r0 * n), c.at(l.gamma, 0),
          c.at(s.act, (long) r0 * n), c.at(l.state.mean, 0), c.at(l.state.var, 0),
          c.at(workspace, (long) r0 * n / Float.SIZE));
    }
  }

  /**
   * The library's backward step on the thread that computed the gradient it reads (the first piece's
   * where no thread computed all of it), then pieces of the work handed along on all.
   */
  private void backwardPiece(CpuScratch c, int part, int count) {
    if (part == Math.max(0, CpuKernels.inputGradientPart(buffers.z.rows(), count))) {
      libraryBackward(layer, buffers, gradient, c);
    }
    work.takePieces(sideKernels[part]);
  }

  @Override
  public void backwardBefore(BatchNormLayer l, LayerBuffers s, INDArray dAct) {
    if (!onLibrary(l)) {
      java.backwardBefore(l, s, dAct);
      return;
    }
    libraryBackward(l, s, dAct, parts.callerScratch());
  }

  @Override
  public void backwardBefore(BatchNormLayer l, LayerBuffers s, INDArray dAct, SharedWork alongside) {
    int threads = parts.threads();
    if (alongside == null || threads < 2 || !onLibrary(l)) {
      backwardBefore(l, s, dAct);
      return;
    }
    sideKernels = grown(sideKernels, threads, newSideKernels);
    split(threads, backwardPiece, l, s, dAct, null, alongside);
  }

  private void libraryBackward(BatchNormLayer l, LayerBuffers s, INDArray dAct, CpuScratch c) {
    int rows = s.z.rows();
    int n = s.z.columns();
    float epsilon = (float) l.state.epsilon;
    library.backward(rows, n, epsilon, c.at(s.z, 0), c.at(l.gamma, 0), c.at(l.state.mean, 0), c.at(l.state.var, 0),
        c.at(workspace(s, rows, n, epsilon), 0), c.at(dAct, 0), c.at(s.delta1(), 0), c.at(l.dGamma, 0));
  }

  /** Piece {@code i}'s instance of the library's BN: the first piece runs on the calling thread's. */
  private LibraryBatchNorm newBlock(int i) {
    return i == 0 ? library : libraries.get();
  }

  private CpuKernels newSideKernels(int i) {
    return kernels.singleThreaded();
  }

  /**
   * {@code have}, or a copy of it grown to {@code count} entries, the new ones made by {@code make}:
   * per-piece objects, made on the calling thread before any piece runs.
   */
  private static <T> T[] grown(T[] have, int count, IntFunction<T> make) {
    if (have.length >= count) {
      return have;
    }
    T[] grown = Arrays.copyOf(have, count);
    for (int i = have.length; i < count; i++) {
      grown[i] = make.apply(i);
    }
    return grown;
  }

  @Override
  public void trainAfter(BatchNormLayer l, LayerBuffers s) {
    java.trainAfter(l, s);
  }

  @Override
  public void backwardAfter(BatchNormLayer l, LayerBuffers s, INDArray dY, INDArray db) {
    java.backwardAfter(l, s, dY, db);
  }

  @Override
  public void inferBefore(BatchNormLayer l, LayerBuffers s, INDArray bias) {
    java.inferBefore(l, s, bias);
  }

  @Override
  public void inferAfter(BatchNormLayer l, LayerBuffers s) {
    java.inferAfter(l, s);
  }

  private INDArray workspace(LayerBuffers s, int rows, int n, float epsilon) {
    return s.workspace(library.workspaceFloats(rows, n, epsilon));
  }

  /**
   * ReLU (not LeakyReLU), and gamma and beta, and their gradients, one array of 2n values each, as the
   * library takes them.
   */
  private boolean onLibrary(BatchNormLayer l) {
    if (l.alpha != 0) {
      return false;
    }
    CpuScratch c = parts.callerScratch();
    long bytes = 4L * l.gamma.length();
    return follows(c.at(l.gamma, 0), c.at(l.beta, 0), bytes) && follows(c.at(l.dGamma, 0), c.at(l.dBeta, 0), bytes);
  }

  private static boolean follows(FloatPointer first, FloatPointer second, long bytes) {
    return second.address() == first.address() + bytes;
  }
}
