package weka.classifiers.functions.bnmlp.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import weka.classifiers.functions.bnmlp.gemm.LibraryBatchNorm;
import weka.classifiers.functions.bnmlp.kernels.BatchNormLayer;
import weka.classifiers.functions.bnmlp.kernels.BatchNormSteps;
import weka.classifiers.functions.bnmlp.kernels.LayerBuffers;

/**
 * Batch normalization's training steps on the matrix library's kernels ({@link LibraryBatchNorm}),
 * which normalize a batch in native code without a copy through Java arrays: in one pass with ReLU
 * when BN comes before it, and with the activation's passes of {@link CpuKernels} around BN otherwise.
 * The library step runs on the calling thread; prediction's steps and any layer whose gamma and beta
 * are not side by side go to {@link CpuBatchNorm}. The running statistics move exactly as there.
 */
final class LibraryBatchNormSteps implements BatchNormSteps {

  private final LibraryBatchNorm library;
  private final CpuBatchNorm java;
  private final CpuKernels kernels;
  private final CpuParts parts;

  LibraryBatchNormSteps(LibraryBatchNorm library, CpuBatchNorm java, CpuKernels kernels, CpuParts parts) {
    this.library = library;
    this.java = java;
    this.kernels = kernels;
    this.parts = parts;
  }

  @Override
  public void trainBefore(BatchNormLayer l, LayerBuffers s) {
    if (!adjacent(l)) {
      java.trainBefore(l, s);
      return;
    }
    boolean relu = l.alpha == 0;
    // with LeakyReLU, BN's output goes to bnOut (free in this placement) and the activation follows
    forward(l, s, s.z, relu ? s.act : s.bnOut, relu);
    if (!relu) {
      kernels.activation(s.bnOut, s.act, l.alpha);
    }
  }

  @Override
  public void backwardBefore(BatchNormLayer l, LayerBuffers s, INDArray dAct) {
    if (!adjacent(l)) {
      java.backwardBefore(l, s, dAct);
      return;
    }
    boolean relu = l.alpha == 0;
    INDArray dBn = dAct;
    if (!relu) {
      dBn = s.delta2();
      kernels.activationBackward(s.bnOut, dAct, dBn, l.alpha);
    }
    backward(l, s, s.z, dBn, s.delta1(), relu);
  }

  @Override
  public void trainAfter(BatchNormLayer l, LayerBuffers s) {
    if (!adjacent(l)) {
      java.trainAfter(l, s);
      return;
    }
    kernels.activation(s.z, s.act, l.alpha);
    forward(l, s, s.act, s.bnOut, false);
  }

  @Override
  public void backwardAfter(BatchNormLayer l, LayerBuffers s, INDArray dY, INDArray db) {
    if (!adjacent(l)) {
      java.backwardAfter(l, s, dY, db);
      return;
    }
    backward(l, s, s.act, dY, s.delta2(), false);
    // the activation's output is positive exactly where its input is
    kernels.activationBackward(s.act, s.delta2(), s.delta1(), l.alpha);
    if (db != null) {
      kernels.columnSums(s.delta1(), db);
    }
  }

  @Override
  public void inferBefore(BatchNormLayer l, LayerBuffers s, INDArray bias) {
    java.inferBefore(l, s, bias);
  }

  @Override
  public void inferAfter(BatchNormLayer l, LayerBuffers s) {
    java.inferAfter(l, s);
  }

  private void forward(BatchNormLayer l, LayerBuffers s, INDArray in, INDArray out, boolean relu) {
    int rows = in.rows();
    int n = in.columns();
    float epsilon = (float) l.state.epsilon;
    CpuScratch c = parts.callerScratch();
    library.forward(rows, n, relu, epsilon, c.at(in, 0), c.at(l.gamma, 0), c.at(out, 0), c.at(l.state.mean, 0),
        c.at(l.state.var, 0), relu ? c.at(s.workspace(library.workspaceFloats(rows, n, epsilon)), 0) : null);
    java.libraryStatistics(rows, n, l.state);
  }

  private void backward(BatchNormLayer l, LayerBuffers s, INDArray in, INDArray dOut, INDArray dIn, boolean relu) {
    int rows = in.rows();
    int n = in.columns();
    float epsilon = (float) l.state.epsilon;
    CpuScratch c = parts.callerScratch();
    library.backward(rows, n, relu, epsilon, c.at(in, 0), c.at(l.gamma, 0), c.at(l.state.mean, 0),
        c.at(l.state.var, 0), relu ? c.at(s.workspace(library.workspaceFloats(rows, n, epsilon)), 0) : null,
        c.at(dOut, 0), c.at(dIn, 0), c.at(l.dGamma, 0));
  }

  /** Whether gamma and beta, and their gradients, are one array of 2n values each, as the library takes them. */
  private boolean adjacent(BatchNormLayer l) {
    CpuScratch c = parts.callerScratch();
    long bytes = 4L * l.gamma.length();
    return follows(c.at(l.gamma, 0), c.at(l.beta, 0), bytes) && follows(c.at(l.dGamma, 0), c.at(l.dBeta, 0), bytes);
  }

  private static boolean follows(FloatPointer first, FloatPointer second, long bytes) {
    return second.address() == first.address() + bytes;
  }
}
