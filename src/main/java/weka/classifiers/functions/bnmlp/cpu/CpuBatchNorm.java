package weka.classifiers.functions.bnmlp.cpu;

import static weka.classifiers.functions.bnmlp.cpu.BatchNormRowPasses.activateWithMoments;
import static weka.classifiers.functions.bnmlp.cpu.BatchNormRowPasses.applyGradient;
import static weka.classifiers.functions.bnmlp.cpu.BatchNormRowPasses.partialGradientSums;
import static weka.classifiers.functions.bnmlp.cpu.BatchNormRowPasses.partialMoments;
import static weka.classifiers.functions.bnmlp.cpu.BatchNormRowPasses.scaleShift;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;
import weka.classifiers.functions.bnmlp.kernels.BatchNormLayer;
import weka.classifiers.functions.bnmlp.kernels.BatchNormState;
import weka.classifiers.functions.bnmlp.kernels.BatchNormSteps;
import weka.classifiers.functions.bnmlp.kernels.LayerBuffers;
import weka.classifiers.functions.bnmlp.runtime.Lanes;

/**
 * Batch normalization on the CPU in float32, split by rows like the matrix products around it, so
 * each thread works on the rows it just computed and that sit in its own cache. A training step
 * takes two passes: every thread sums its rows' columns, the caller adds the pieces' sums up in
 * piece order and derives each column's coefficients, then every thread applies them to its rows.
 *
 * <p>The forward pass of training keeps only its input and output; the backward pass recomputes the
 * normalized values from the input, which costs less than storing and reloading them.
 */
final class CpuBatchNorm implements BatchNormSteps {

  private final CpuParts pieces;
  /** Per column: the batch's first row (the shift that keeps float sums from cancelling), the mean,
   * the inverse standard deviation, and the coefficients of the pass being applied. */
  private float[] first = new float[0];
  private float[] mean = new float[0];
  private float[] inv = new float[0];
  private float[] scale = new float[0];
  private float[] shift = new float[0];
  private float[] k1 = new float[0];
  private float[] k2 = new float[0];
  private float[] k3 = new float[0];
  private float[] var = new float[0];
  private float[] runMean = new float[0];
  private float[] runVar = new float[0];

  CpuBatchNorm(CpuParts parts) {
    this.pieces = parts;
  }

  private void ensure(int n) {
    if (mean.length < n) {
      first = new float[n];
      mean = new float[n];
      inv = new float[n];
      scale = new float[n];
      shift = new float[n];
      k1 = new float[n];
      k2 = new float[n];
      k3 = new float[n];
      var = new float[n];
      runMean = new float[n];
      runVar = new float[n];
    }
  }

  private static int from(int rows, int part, int parts) {
    return Lanes.start(rows, part, parts, 1);
  }

  @Override
  public void trainBefore(BatchNormLayer l, LayerBuffers s) {
    trainBefore(s.z, l.gamma, l.beta, l.state, s.act, (float) l.alpha);
  }

  @Override
  public void backwardBefore(BatchNormLayer l, LayerBuffers s, INDArray dAct) {
    backwardBefore(s.z, dAct, l.gamma, l.beta, l.state, s.delta1(), l.dGamma, l.dBeta, (float) l.alpha);
  }

  @Override
  public void trainAfter(BatchNormLayer l, LayerBuffers s) {
    trainAfter(s.z, s.act, l.gamma, l.beta, l.state, s.bnOut, (float) l.alpha);
  }

  @Override
  public void backwardAfter(BatchNormLayer l, LayerBuffers s, INDArray dY, INDArray db) {
    backwardAfter(s.act, dY, l.gamma, l.state, s.delta1(), l.dGamma, l.dBeta, db, (float) l.alpha);
  }

  @Override
  public void inferBefore(BatchNormLayer l, LayerBuffers s, INDArray bias) {
    inferBefore(s.z, bias, l.gamma, l.beta, l.state, s.act, (float) l.alpha);
  }

  @Override
  public void inferAfter(BatchNormLayer l, LayerBuffers s) {
    infer(s.z, s.act, l.gamma, l.beta, l.state, s.bnOut, (float) l.alpha);
  }

  /** Training, placement before: {@code act = f(BN(u))}; keeps nothing but the statistics. */
  void trainBefore(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray act, float alpha) {
    int rows = u.rows();
    int n = u.columns();
    batchMoments(u, state);
    coefficients(gamma, beta, n);
    pieces.run(rows, (s, part, count) -> scaleShift(s, s.buffer(u), s.buffer(act), from(rows, part, count),
        from(rows, part + 1, count), n, scale, shift, true, alpha));
  }

  /** Training, placement after: {@code act = f(z)}, {@code y = BN(act)}. */
  void trainAfter(INDArray z, INDArray act, INDArray gamma, INDArray beta, BatchNormState state, INDArray y,
      float alpha) {
    int rows = z.rows();
    int n = z.columns();
    ensure(n);
    CpuScratch main = pieces.callerScratch();
    main.readVector(z, 0, first, n);
    RowLoops.activation(first, first, alpha, n);
    int parts = pieces.run(rows, (s, part, count) -> activateWithMoments(s, s.buffer(z), s.buffer(act),
        from(rows, part, count), from(rows, part + 1, count), n, alpha, first));
    mergeMoments(parts, rows, n, state);
    coefficients(gamma, beta, n);
    pieces.run(rows, (s, part, count) -> scaleShift(s, s.buffer(act), s.buffer(y), from(rows, part, count),
        from(rows, part + 1, count), n, scale, shift, false, 0f));
  }

  /** Backward of {@link #trainBefore}: {@code dU}, {@code dGamma}, {@code dBeta} from the activation's gradient. */
  void backwardBefore(INDArray u, INDArray dAct, INDArray gamma, INDArray beta, BatchNormState state, INDArray dU,
      INDArray dGamma, INDArray dBeta, float alpha) {
    int rows = u.rows();
    int n = u.columns();
    forwardStatistics(state, n);
    coefficients(gamma, beta, n); // the forward pass's arithmetic, so the recomputed BN output has its sign
    // the first pass leaves the gradient at BN's output (the activation's, masked) in dU
    int parts = pieces.run(rows, (s, part, count) -> partialGradientSums(s, s.buffer(u), s.buffer(dAct),
        from(rows, part, count), from(rows, part + 1, count), n, mean, scale, shift, true, alpha, s.buffer(dU)));
    gradientCoefficients(parts, rows, n, dGamma, dBeta);
    pieces.run(rows, (s, part, count) -> applyGradient(s, s.buffer(u), s.buffer(dU), s.buffer(dU),
        from(rows, part, count), from(rows, part + 1, count), n, k1, k2, k3, scale, shift, true, alpha, false));
  }

  /** Backward of {@link #trainAfter}: {@code dz}, {@code dGamma}, {@code dBeta} and the bias gradient {@code db}. */
  void backwardAfter(INDArray act, INDArray dY, INDArray gamma, BatchNormState state, INDArray dz, INDArray dGamma,
      INDArray dBeta, INDArray db, float alpha) {
    int rows = act.rows();
    int n = act.columns();
    forwardStatistics(state, n);
    CpuScratch main = pieces.callerScratch();
    main.readVector(gamma, 0, scale, n);
    ColumnLoops.multiply(inv, scale, n);
    int parts = pieces.run(rows, (s, part, count) -> partialGradientSums(s, s.buffer(act), s.buffer(dY),
        from(rows, part, count), from(rows, part + 1, count), n, mean, scale, shift, false, alpha, null));
    gradientCoefficients(parts, rows, n, dGamma, dBeta);
    boolean bias = db != null;
    parts = pieces.run(rows, (s, part, count) -> applyGradient(s, s.buffer(act), s.buffer(dY), s.buffer(dz),
        from(rows, part, count), from(rows, part + 1, count), n, k1, k2, k3, scale, shift, false, alpha, bias));
    if (bias) {
      ColumnLoops.toFloats(mergedSums(parts, n).sums1(), k1, n);
      main.writeVector(db, 0, k1, n);
    }
  }

  /** Prediction, placement before: {@code act = f(BN(u + bias))} with the running statistics. */
  void inferBefore(INDArray u, INDArray bias, INDArray gamma, INDArray beta, BatchNormState state, INDArray act,
      float alpha) {
    int rows = u.rows();
    int n = u.columns();
    runningCoefficients(bias, gamma, beta, state, n);
    pieces.run(rows, (s, part, count) -> scaleShift(s, s.buffer(u), s.buffer(act), from(rows, part, count),
        from(rows, part + 1, count), n, scale, shift, true, alpha));
  }

  /** Prediction, placement after: {@code y = BN(f(z))} ({@code act} null: without the activation). */
  void infer(INDArray z, INDArray act, INDArray gamma, INDArray beta, BatchNormState state, INDArray y, float alpha) {
    int rows = z.rows();
    int n = z.columns();
    runningCoefficients(null, gamma, beta, state, n);
    pieces.run(rows, (s, part, count) -> {
      int r0 = from(rows, part, count);
      int r1 = from(rows, part + 1, count);
      FloatBuffer in = s.buffer(z);
      if (act != null) {
        s.activate(in, s.buffer(act), r0, r1, n, alpha);
        in = s.buffer(act);
      }
      scaleShift(s, in, s.buffer(y), r0, r1, n, scale, shift, false, 0f);
    });
  }

  /**
   * The batch statistics of {@code u} (every column of its rows), into the mean and inverse std and
   * {@code state}, whose running statistics move.
   */
  void batchMoments(INDArray u, BatchNormState state) {
    int rows = u.rows();
    int n = u.columns();
    ensure(n);
    pieces.callerScratch().readVector(u, 0, first, n);
    int parts = pieces.run(rows, (s, part, count) -> partialMoments(s, s.buffer(u), from(rows, part, count),
        from(rows, part + 1, count), n, first));
    mergeMoments(parts, rows, n, state);
  }

  /** The batch mean and inverse std the forward pass stored in {@code state}, for the backward pass. */
  private void forwardStatistics(BatchNormState state, int n) {
    ensure(n);
    CpuScratch main = pieces.callerScratch();
    main.readVector(state.mean, 0, mean, n);
    main.readVector(state.invStd, 0, inv, n);
  }

  /**
   * The scratch of piece 0, its first and second column sums now the pieces' added up in piece
   * order (the same values as adding each column's pieces in a nested loop, which C2 compiled
   * twice, and at length, late in the first epoch).
   */
  private CpuScratch mergedSums(int parts, int n) {
    CpuScratch into = pieces.scratch(0);
    for (int q = 1; q < parts; q++) {
      RowLoops.add(pieces.scratch(q).sums1(), into.sums1(), n);
      RowLoops.add(pieces.scratch(q).sums2(), into.sums2(), n);
    }
    return into;
  }

  /**
   * Adds the pieces' column sums up in piece order; sets the batch mean and variance, stores them in
   * {@code state}, and the rest of the statistics ({@link #storeDerivedStatistics}).
   */
  private void mergeMoments(int parts, int rows, int n, BatchNormState state) {
    CpuScratch total = mergedSums(parts, n);
    ColumnLoops.moments(total.sums1(), total.sums2(), first, rows, mean, var, n);
    CpuScratch main = pieces.callerScratch();
    main.writeVector(state.mean, 0, mean, n);
    main.writeVector(state.var, 0, var, n);
    storeDerivedStatistics(rows, n, state);
  }

  /**
   * The batch statistics a library's forward step left in {@code state}'s mean and variance: stores
   * the inverse std and moves the running statistics, as this class's own forward steps do.
   */
  void libraryStatistics(int rows, int n, BatchNormState state) {
    ensure(n);
    CpuScratch main = pieces.callerScratch();
    main.readVector(state.mean, 0, mean, n);
    main.readVector(state.var, 0, var, n);
    storeDerivedStatistics(rows, n, state);
  }

  /**
   * From the batch mean and variance (in {@code mean} and {@code var}, already in {@code state}): the
   * inverse std, and the running statistics moved (variance unbiased).
   */
  private void storeDerivedStatistics(int rows, int n, BatchNormState state) {
    CpuScratch main = pieces.callerScratch();
    main.readVector(state.runningMean, 0, runMean, n);
    main.readVector(state.runningVar, 0, runVar, n);
    double unbiased = rows > 1 ? rows / (rows - 1.0) : 1.0;
    ColumnLoops.derived(mean, var, state.epsilon, state.momentum, unbiased, inv, runMean, runVar, n);
    main.writeVector(state.invStd, 0, inv, n);
    main.writeVector(state.runningMean, 0, runMean, n);
    main.writeVector(state.runningVar, 0, runVar, n);
  }

  /** {@code scale = gamma invStd}, {@code shift = beta - mean scale}: BN as one multiply-add. */
  private void coefficients(INDArray gamma, INDArray beta, int n) {
    CpuScratch main = pieces.callerScratch();
    main.readVector(gamma, 0, scale, n);
    main.readVector(beta, 0, shift, n);
    ColumnLoops.coefficients(inv, mean, scale, shift, n);
  }

  /** The coefficients of BN with the running statistics, a bias left out of {@code u} folded in. */
  private void runningCoefficients(INDArray bias, INDArray gamma, INDArray beta, BatchNormState state, int n) {
    ensure(n);
    CpuScratch main = pieces.callerScratch();
    main.readVector(state.runningMean, 0, mean, n);
    main.readVector(state.runningVar, 0, inv, n);
    if (bias != null) {
      main.readVector(bias, 0, k1, n);
    }
    ColumnLoops.running(inv, mean, bias != null ? k1 : null, state.epsilon, n);
    coefficients(gamma, beta, n);
  }

  /**
   * From the pieces' sums of g and g (x - mean), with g the gradient at BN's output:
   * {@code dGamma = invStd sum(g (x - mean))}, {@code dBeta = sum(g)}, and the coefficients of
   * {@code dx = gamma invStd / B (B g - sum(g) - xhat sum(g xhat)) = k1 g + k2 x + k3}.
   */
  private void gradientCoefficients(int parts, int rows, int n, INDArray dGamma, INDArray dBeta) {
    float[] gammaGradient = var; // the forward pass's per-column arrays are free in the backward pass
    float[] betaGradient = runVar;
    CpuScratch total = mergedSums(parts, n);
    ColumnLoops.gradient(total.sums1(), total.sums2(), scale, inv, mean, rows, k1, k2, k3, gammaGradient,
        betaGradient, n);
    CpuScratch main = pieces.callerScratch();
    main.writeVector(dGamma, 0, gammaGradient, n);
    main.writeVector(dBeta, 0, betaGradient, n);
  }
}
