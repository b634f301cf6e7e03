package weka.classifiers.functions.bnmlp.net;

import java.nio.FloatBuffer;
import java.util.function.IntSupplier;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kernels for ND4J's CPU backend in float32: each layer step is one or two fused loops over the
 * arrays' native memory, and matrix products call a native sgemm ({@link MatrixLibrary}) directly on it. An ND4J
 * operation costs tens of microseconds whatever its size, so a BN layer built from a dozen of them
 * spends more time dispatching than computing at Weka's batch sizes.
 *
 * <p>Every step is split over {@link Lanes}: matrix products, row-wise loops and batch normalization
 * ({@link CpuBatchNorm}) by rows, weight gradients by units, long vectors by ranges. The matrix library
 * runs single-threaded inside each piece, and may round a block of rows differently from the whole matrix in the last bit,
 * so results on different thread counts agree to float precision, not bit for bit.
 *
 * <p>The BN forward pass of training keeps only its input and output; the backward pass
 * recomputes the normalized values from the input, which costs less than storing and reloading them.
 */
final class CpuKernels implements Kernels {

  /** Column shares are multiples of this, so that every piece starts on a cache line. */
  private static final int COLUMN_ALIGN = 16;
  /** Element-wise loops over long vectors go through float[] chunks of this size, so they vectorize. */
  private static final int CHUNK = 1024;

  private final IntSupplier threads;
  private final Sgemm gemm;
  private final CpuBatchNorm batchNorm = new CpuBatchNorm(this);
  private CpuScratch[] scratch = new CpuScratch[0];

  /** Kernels using as many threads as {@link Nd4jRuntime#kernelThreads()} says at each call. */
  CpuKernels() {
    this(Nd4jRuntime::kernelThreads);
  }

  CpuKernels(IntSupplier threads) {
    this(threads, MatrixLibrary.get());
  }

  CpuKernels(IntSupplier threads, Sgemm gemm) {
    this.threads = threads;
    this.gemm = gemm;
  }

  @Override
  public void release() {
    for (CpuScratch s : scratch) {
      s.forget();
    }
  }

  /**
   * Below this many rows a step runs on the calling thread alone: handing a handful of rows to a
   * worker (which may be asleep between predictions) costs more than computing them.
   */
  static final int MIN_ROWS_TO_SPLIT = 16;

  /** Up to this many rows, a linear step is one matrix-vector product per row. */
  private static final int GEMV_ROWS = 2;

  /**
   * Runs {@code task} in pieces over {@code rows} rows, each piece with its own scratch space;
   * returns the number of pieces.
   */
  int run(int rows, PartTask task) {
    Lanes lanes = Lanes.of(rows < MIN_ROWS_TO_SPLIT ? 1 : threads.getAsInt());
    int parts = lanes.parts();
    ensureScratch(parts);
    current = task;
    try {
      lanes.run(dispatcher);
    } finally {
      current = null;
    }
    return parts;
  }

  /** The task of the running {@link #run}; one team task reads it, so a step allocates no wrapper. */
  private PartTask current;
  private final Lanes.Task dispatcher = (part, count) -> current.run(scratch[part], part, count);

  private void ensureScratch(int parts) {
    if (scratch.length < parts) {
      CpuScratch[] grown = java.util.Arrays.copyOf(scratch, parts);
      for (int i = scratch.length; i < parts; i++) {
        grown[i] = new CpuScratch();
      }
      scratch = grown;
    }
  }

  /** The scratch of piece 0, which the calling thread runs: for work between two runs. */
  CpuScratch callerScratch() {
    ensureScratch(1);
    return scratch[0];
  }

  /** The scratch of piece {@code q} of the last run (its partial sums, once the run returned). */
  CpuScratch scratch(int q) {
    return scratch[q];
  }

  interface PartTask {
    void run(CpuScratch s, int part, int parts);
  }

  private static int from(int total, int part, int parts) {
    return Lanes.start(total, part, parts, 1);
  }

  private static int columnFrom(int total, int part, int parts) {
    return Lanes.start(total, part, parts, COLUMN_ALIGN);
  }

  private void sgemm(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b,
      int ldb, float beta, FloatPointer c, int ldc) {
    if (m > 0 && n > 0) {
      gemm.multiply(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc);
    }
  }

  @Override
  public void linear(INDArray x, INDArray w, INDArray b, INDArray z) {
    int rows = z.rows();
    int n = z.columns();
    int k = x.columns();
    run(rows, (s, part, parts) -> {
      int r0 = from(rows, part, parts);
      int r1 = from(rows, part + 1, parts);
      if (b != null) {
        s.ensure(n);
        s.readVector(b, 0, s.a, n);
        FloatBuffer zb = s.buffer(z);
        for (int r = r0; r < r1; r++) {
          CpuScratch.write(zb, r * n, s.a, n);
        }
      }
      product(s, x, w, z, r0, r1, n, k, b == null ? 0f : 1f);
    });
  }

  /** Rows {@code [r0, r1)} of {@code z = x w + beta z}; w is column-major [k, n], i.e. row-major w' [n, k]. */
  private void product(CpuScratch s, INDArray x, INDArray w, INDArray z, int r0, int r1, int n, int k, float beta) {
    if (r1 - r0 <= GEMV_ROWS) {
      // a product of a few rows: sgemm would first copy (pack) all of w, which costs more than the product
      for (int r = r0; r < r1; r++) {
        OpenBlasSgemm.multiplyVector(n, k, s.at(w, 0), k, s.at(x, r * k), beta, s.at(z, r * n));
      }
    } else {
      sgemm(false, true, r1 - r0, n, k, s.at(x, r0 * k), k, s.at(w, 0), k, beta, s.at(z, r0 * n), n);
    }
  }

  /**
   * {@code z = f(scale * (x w) + shift)} (per unit), each piece of rows scaled and activated while it
   * is still in cache: the hidden layers of a {@link FoldedNetwork}.
   */
  void linearScaledActivation(INDArray x, INDArray w, float[] scale, float[] shift, INDArray z, float alpha) {
    int rows = z.rows();
    int n = z.columns();
    int k = x.columns();
    run(rows, (s, part, parts) -> {
      int r0 = from(rows, part, parts);
      int r1 = from(rows, part + 1, parts);
      product(s, x, w, z, r0, r1, n, k, 0f);
      FloatBuffer zb = s.buffer(z);
      s.scaleShift(zb, zb, r0, r1, n, scale, shift, true, alpha);
    });
  }

  @Override
  public void linearBackward(INDArray x, INDArray w, INDArray dz, INDArray dw, INDArray db, INDArray dx) {
    int rows = dz.rows();
    int n = dz.columns();
    int k = x.columns();
    run(rows, (s, part, parts) -> {
      // dw' [n, k] = dz' x, by units
      int c0 = columnFrom(n, part, parts);
      int c1 = columnFrom(n, part + 1, parts);
      sgemm(true, false, c1 - c0, k, rows, s.at(dz, c0), n, s.at(x, 0), k, 0f, s.at(dw, c0 * k), k);
      if (db != null && c1 > c0) {
        s.columnSums(s.buffer(dz), rows, n, c0, c1);
        s.writeSums(db, c0, c1);
      }
      if (dx != null) {
        // dx [rows, k] = dz w' = dz (row-major w' [n, k]), by rows
        int r0 = from(rows, part, parts);
        int r1 = from(rows, part + 1, parts);
        sgemm(false, false, r1 - r0, k, n, s.at(dz, r0 * n), n, s.at(w, 0), k, 0f, s.at(dx, r0 * k), k);
      }
    });
  }

  @Override
  public void activation(INDArray pre, INDArray post, double alpha) {
    int rows = pre.rows();
    run(rows, (s, part, parts) -> s.activate(s.buffer(pre), s.buffer(post), from(rows, part, parts),
        from(rows, part + 1, parts), pre.columns(), (float) alpha));
  }

  @Override
  public void activationBackward(INDArray pre, INDArray dPost, INDArray dPre, double alpha) {
    int rows = pre.rows();
    run(rows, (s, part, parts) -> s.activationGradient(s.buffer(pre), s.buffer(dPost), s.buffer(dPre),
        from(rows, part, parts), from(rows, part + 1, parts), pre.columns(), (float) alpha));
  }

  @Override
  public void batchNormTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray xhat,
      INDArray y, INDArray scratchArray) {
    batchNorm.train(u, gamma, beta, state, xhat, y);
  }

  /** Fused BN (batch statistics) and activation; keeps only the statistics (see {@link CpuBatchNorm}). */
  @Override
  public void batchNormActivationTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState state,
      INDArray xhat, INDArray bnOut, INDArray act, double alpha, INDArray scratchArray) {
    batchNorm.trainBefore(u, gamma, beta, state, act, (float) alpha);
  }

  @Override
  public void activationBatchNormTrain(INDArray z, INDArray act, INDArray gamma, INDArray beta,
      BatchNormState state, INDArray xhat, INDArray y, double alpha, INDArray scratchArray) {
    batchNorm.trainAfter(z, act, gamma, beta, state, y, (float) alpha);
  }

  /** Backward of {@link #batchNormActivationTrain}, from the layer's input: nothing stored was needed. */
  @Override
  public void batchNormActivationBackward(INDArray u, INDArray bnOut, INDArray dAct, INDArray xhat,
      INDArray gamma, INDArray beta, BatchNormState state, INDArray dBn, INDArray dU, INDArray dGamma,
      INDArray dBeta, double alpha, INDArray scratchArray) {
    batchNorm.backwardBefore(u, dAct, gamma, beta, state, dU, dGamma, dBeta, (float) alpha);
  }

  @Override
  public void activationBatchNormBackward(INDArray z, INDArray act, INDArray dY, INDArray xhat, INDArray gamma,
      BatchNormState state, INDArray dAct, INDArray dz, INDArray dGamma, INDArray dBeta, INDArray db, double alpha,
      INDArray scratchArray) {
    batchNorm.backwardAfter(act, dY, gamma, state, dz, dGamma, dBeta, db, (float) alpha);
  }

  @Override
  public void batchNormInfer(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray y) {
    batchNorm.infer(u, null, gamma, beta, state, y, 0f);
  }

  @Override
  public void batchNormActivationInfer(INDArray u, INDArray bias, INDArray gamma, INDArray beta,
      BatchNormState state, INDArray bnOut, INDArray act, double alpha) {
    batchNorm.inferBefore(u, bias, gamma, beta, state, act, (float) alpha);
  }

  @Override
  public void activationBatchNormInfer(INDArray z, INDArray act, INDArray gamma, INDArray beta,
      BatchNormState state, INDArray y, double alpha) {
    batchNorm.infer(z, act, gamma, beta, state, y, (float) alpha);
  }

  @Override
  public void batchNormBackward(INDArray dY, INDArray xhat, INDArray gamma, BatchNormState state, INDArray dU,
      INDArray dGamma, INDArray dBeta, INDArray scratchArray) {
    throw new UnsupportedOperationException("CpuKernels fuse BN's backward pass with the activation's");
  }

  @Override
  public double softmaxCrossEntropy(INDArray logits, INDArray target, INDArray weight, INDArray delta,
      INDArray scratchArray) {
    int c = logits.columns();
    return weightedLoss(logits, target, weight, delta, (s, z, t, w, out, r0, r1, rows) -> {
      double[] e = s.doubles(c);
      double loss = 0;
      for (int r = r0; r < r1; r++) {
        int o = r * c;
        double sum = shiftedExponentials(z, o, c, e);
        double logSum = Math.log(sum);
        double wr = w.get(r);
        double rowLoss = 0;
        for (int j = 0; j < c; j++) {
          double tj = t.get(o + j);
          rowLoss -= tj * (e[c + j] - logSum); // e[c + j] holds z - max: log p = z - max - log(sum)
          out.put(o + j, (float) (wr * (e[j] / sum - tj) / rows));
        }
        loss += wr * rowLoss;
      }
      return loss;
    });
  }

  /** A loss's weighted sum over rows {@code [r0, r1)}, writing its gradient for them into {@code delta}. */
  private interface RowLoss {
    double sum(CpuScratch s, FloatBuffer output, FloatBuffer target, FloatBuffer weight, FloatBuffer delta, int r0,
        int r1, int rows);
  }

  /** Runs {@code loss} in pieces of rows and returns its weighted sum over all rows divided by the row count. */
  private double weightedLoss(INDArray output, INDArray target, INDArray weight, INDArray delta, RowLoss loss) {
    int rows = output.rows();
    int pieces = run(rows, (s, part, parts) -> s.total = loss.sum(s, s.buffer(output), s.buffer(target),
        s.buffer(weight), s.buffer(delta), from(rows, part, parts), from(rows, part + 1, parts), rows));
    return sumOfTotals(pieces) / rows;
  }

  /**
   * Writes {@code exp(z - max)} of one row into {@code e[0, c)} and {@code z - max} into
   * {@code e[c, 2c)}; returns the sum of the exponentials. One exp per value, and none can overflow.
   */
  private static double shiftedExponentials(FloatBuffer z, int offset, int c, double[] e) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < c; j++) {
      max = Math.max(max, z.get(offset + j));
    }
    double sum = 0;
    for (int j = 0; j < c; j++) {
      double shifted = z.get(offset + j) - max;
      e[c + j] = shifted;
      e[j] = Math.exp(shifted);
      sum += e[j];
    }
    return sum;
  }

  /** The pieces' partial results, added in piece order (the same order at every call). */
  private double sumOfTotals(int pieces) {
    double sum = 0;
    for (int i = 0; i < pieces; i++) {
      sum += scratch[i].total;
    }
    return sum;
  }

  @Override
  public double squaredError(INDArray out, INDArray target, INDArray weight, INDArray delta, INDArray scratchArray) {
    int c = out.columns();
    return weightedLoss(out, target, weight, delta, (s, o, t, w, d, r0, r1, rows) -> {
      double loss = 0;
      for (int r = r0; r < r1; r++) {
        double wr = w.get(r);
        for (int j = 0; j < c; j++) {
          int i = r * c + j;
          double e = o.get(i) - t.get(i);
          loss += 0.5 * wr * e * e;
          d.put(i, (float) (wr * e / rows));
        }
      }
      return loss;
    });
  }

  @Override
  public void softmax(INDArray logits, INDArray probabilities) {
    int rows = logits.rows();
    int c = logits.columns();
    run(rows, (s, part, parts) -> {
      FloatBuffer z = s.buffer(logits);
      FloatBuffer p = s.buffer(probabilities);
      double[] e = s.doubles(c);
      for (int r = from(rows, part, parts), end = from(rows, part + 1, parts); r < end; r++) {
        int o = r * c;
        double sum = shiftedExponentials(z, o, c, e);
        for (int j = 0; j < c; j++) {
          p.put(o + j, (float) (e[j] / sum));
        }
      }
    });
  }

  @Override
  public void gatherRows(INDArray source, int[] rows, INDArray destination) {
    int width = source.columns();
    run(rows.length, (s, part, parts) -> {
      s.ensure(width);
      FloatBuffer from = s.buffer(source);
      FloatBuffer to = s.buffer(destination);
      for (int i = from(rows.length, part, parts), end = from(rows.length, part + 1, parts); i < end; i++) {
        CpuScratch.read(from, rows[i] * width, s.a, width);
        CpuScratch.write(to, i * width, s.a, width);
      }
    });
  }

  /** Runs {@code body(s, from, n)} over {@code length} elements in chunks, split over the pieces. */
  private void chunks(int length, ChunkBody body) {
    run(Integer.MAX_VALUE, (s, part, parts) -> {
      s.ensure(CHUNK);
      int end = Lanes.start(length, part + 1, parts, CHUNK);
      for (int at = Lanes.start(length, part, parts, CHUNK); at < end; at += CHUNK) {
        body.run(s, at, Math.min(CHUNK, end - at));
      }
    });
  }

  private interface ChunkBody {
    void run(CpuScratch s, int from, int n);
  }

  @Override
  public void addScaled(INDArray target, INDArray source, double factor) {
    float f = (float) factor;
    chunks((int) target.length(), (s, from, n) -> {
      FloatBuffer t = s.buffer(target);
      CpuScratch.read(t, from, s.a, n);
      CpuScratch.read(s.buffer(source), from, s.b, n);
      for (int i = 0; i < n; i++) {
        s.a[i] += f * s.b[i];
      }
      CpuScratch.write(t, from, s.a, n);
    });
  }

  @Override
  public void adam(INDArray params, INDArray grads, INDArray m, INDArray v, double learningRate, double beta1,
      double beta2, double epsilon, int step) {
    int t = step + 1;
    float rate = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float eps = (float) epsilon;
    chunks((int) params.length(), (s, from, n) -> {
      FloatBuffer p = s.buffer(params);
      FloatBuffer mb = s.buffer(m);
      FloatBuffer vb = s.buffer(v);
      float[] pc = s.a;
      float[] gc = s.b;
      float[] mc = s.c;
      float[] vc = s.d;
      CpuScratch.read(p, from, pc, n);
      CpuScratch.read(s.buffer(grads), from, gc, n);
      CpuScratch.read(mb, from, mc, n);
      CpuScratch.read(vb, from, vc, n);
      for (int i = 0; i < n; i++) {
        float gi = gc[i];
        float mi = b1 * mc[i] + (1 - b1) * gi;
        float vi = b2 * vc[i] + (1 - b2) * gi * gi;
        mc[i] = mi;
        vc[i] = vi;
        pc[i] -= rate * mi / ((float) Math.sqrt(vi) + eps);
      }
      CpuScratch.write(p, from, pc, n);
      CpuScratch.write(mb, from, mc, n);
      CpuScratch.write(vb, from, vc, n);
    });
  }

  @Override
  public void sgd(INDArray params, INDArray grads, INDArray velocity, double learningRate, double momentum) {
    float lr = (float) learningRate;
    float mu = (float) momentum;
    chunks((int) params.length(), (s, from, n) -> {
      FloatBuffer p = s.buffer(params);
      CpuScratch.read(p, from, s.a, n);
      CpuScratch.read(s.buffer(grads), from, s.b, n);
      if (velocity == null) {
        for (int i = 0; i < n; i++) {
          s.a[i] -= lr * s.b[i];
        }
      } else {
        FloatBuffer vb = s.buffer(velocity);
        CpuScratch.read(vb, from, s.c, n);
        for (int i = 0; i < n; i++) {
          float previous = s.c[i];
          float vi = mu * previous - lr * s.b[i];
          s.c[i] = vi;
          s.a[i] += (1 + mu) * vi - mu * previous; // Nesterov: look ahead along the new velocity
        }
        CpuScratch.write(vb, from, s.c, n);
      }
      CpuScratch.write(p, from, s.a, n);
    });
  }
}
