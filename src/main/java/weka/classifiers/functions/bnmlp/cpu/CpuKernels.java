package weka.classifiers.functions.bnmlp.cpu;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import weka.classifiers.functions.bnmlp.gemm.LibraryRowSteps;
import weka.classifiers.functions.bnmlp.gemm.OpenBlasSgemm;
import weka.classifiers.functions.bnmlp.gemm.Sgemm;
import weka.classifiers.functions.bnmlp.kernels.Kernels;
import weka.classifiers.functions.bnmlp.runtime.Lanes;

/**
 * The basic kernels for ND4J's CPU backend in float32 (their batch normalization is
 * {@link CpuBatchNorm}, running on the same {@link CpuParts}): each layer step is one or two fused loops over the
 * arrays' native memory, and matrix products call a native sgemm ({@code MatrixLibrary}) directly on it. An ND4J
 * operation costs tens of microseconds whatever its size, so a BN layer built from a dozen of them
 * spends more time dispatching than computing at Weka's batch sizes.
 *
 * <p>Every step is split over {@link Lanes}: matrix products, row-wise loops and batch normalization
 * by rows, weight gradients by units, long vectors by ranges. The matrix library runs single-threaded
 * inside each piece, and may round a block of rows differently from the whole matrix in the last bit,
 * so results on different thread counts agree to float precision, not bit for bit.
 */
public final class CpuKernels implements Kernels {

  /** Column shares are multiples of this, so that every piece starts on a cache line. */
  private static final int COLUMN_ALIGN = 16;

  private final CpuParts parts;
  private final Sgemm gemm;
  private final VectorSteps vectors;

  /** Kernels running their steps in {@code parts}, matrix products on {@code gemm}. */
  CpuKernels(CpuParts parts, Sgemm gemm) {
    this.parts = parts;
    this.gemm = gemm;
    vectors = new VectorSteps(parts);
  }

  /** Kernels with the same matrix library that run every step on the calling thread alone. */
  public CpuKernels singleThreaded() {
    return new CpuKernels(parts.onCallingThread(), gemm);
  }

  /**
   * Runs {@code work} once on each of {@code threads} threads and waits, through the same path as
   * the kernels' own steps. The thread team then only ever sees the one kind of task it sees in
   * training: the JIT compiles that path assuming the kinds it has seen, and a new kind at
   * prediction time would make it recompile the whole path, on the cores the prediction runs on.
   */
  public void onThreads(int threads, ThreadWork work) {
    parts.runIn(threads, (s, part, count) -> work.run(part, count));
  }

  /** Work for {@link #onThreads}: part {@code part} of {@code parts}. */
  public interface ThreadWork {
    void run(int part, int parts);
  }

  @Override
  public void release() {
    parts.release();
  }

  /**
   * Gathers of fewer values run on the calling thread: handing half of a minibatch's rows to another
   * thread costs more than it saves (the three gathers of a 256-row minibatch of 64 features took
   * 19-20 µs on one thread and 28-49 µs split over two, Intel Xeon, AVX-512).
   */
  private static final int GATHER_SPLIT_VALUES = 1 << 16;

  /** Up to this many rows, a linear step is one matrix-vector product per row. */
  private static final int GEMV_ROWS = 2;

  /**
   * The piece of a backward step of {@code rows} rows in {@code parts} pieces whose thread computes the
   * whole input gradient, or -1 where the pieces split it: on two threads one computes the weight
   * gradient, the other the input gradient, which the BN step below then reads from its cache.
   */
  static int inputGradientPart(int rows, int parts) {
    return parts == 2 && rows >= CpuParts.MIN_ROWS_TO_SPLIT ? 1 : -1;
  }

  private int run(int rows, CpuParts.PartTask task) {
    return parts.run(rows, task);
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
        s.fillRows(z, r0, r1, n, b);
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
   * {@code z = f(x w + shift)} (the shift per unit), each piece of rows shifted and activated while it
   * is still in cache, on the matrix library's own pass where it has one: a hidden layer at
   * prediction time with BN folded into its weights and shift.
   */
  public void linearShiftedActivation(INDArray x, INDArray w, INDArray shift, INDArray z, float alpha) {
    int rows = z.rows();
    int n = z.columns();
    int k = x.columns();
    run(rows, (s, part, parts) -> {
      int r0 = from(rows, part, parts);
      int r1 = from(rows, part + 1, parts);
      if (r1 == r0) {
        return;
      }
      product(s, x, w, z, r0, r1, n, k, 0f);
      LibraryRowSteps library = s.rowSteps(gemm);
      if (library == null
          || !library.shiftActivation(r1 - r0, n, s.at(z, (long) r0 * n), s.at(shift, 0), alpha)) {
        s.shiftActivation(s.buffer(z), r0, r1, n, shift, alpha);
      }
    });
  }

  @Override
  public void linearBackward(INDArray x, INDArray w, INDArray dz, INDArray dw, INDArray db, INDArray dx) {
    int rows = dz.rows();
    int n = dz.columns();
    int k = x.columns();
    run(rows, (s, part, parts) -> {
      if (dx != null && inputGradientPart(rows, parts) >= 0) {
        // two products of the same size: one each, whole (a whole product runs nearer the library's
        // peak than two halves)
        if (part == inputGradientPart(rows, parts)) {
          sgemm(false, false, rows, k, n, s.at(dz, 0), n, s.at(w, 0), k, 0f, s.at(dx, 0), k);
        } else {
          sgemm(true, false, n, k, rows, s.at(dz, 0), n, s.at(x, 0), k, 0f, s.at(dw, 0), k);
          if (db != null) {
            s.columnSums(s.buffer(dz), rows, n, 0, n);
            s.writeSums(db, 0, n);
          }
        }
        return;
      }
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
      sum += parts.scratch(i).total;
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
      int r0 = from(rows, part, parts);
      int r1 = from(rows, part + 1, parts);
      LibraryRowSteps library = s.rowSteps(gemm);
      if (r1 > r0 && library != null
          && library.softmax(r1 - r0, c, s.at(logits, (long) r0 * c), s.at(probabilities, (long) r0 * c))) {
        return;
      }
      FloatBuffer z = s.buffer(logits);
      FloatBuffer p = s.buffer(probabilities);
      double[] e = s.doubles(c);
      for (int r = r0; r < r1; r++) {
        probabilities(z, p, r * c, c, e);
      }
    });
  }

  /** One row's softmax; a method of its own so that the JIT compiles it once, whatever loop calls it. */
  private static void probabilities(FloatBuffer z, FloatBuffer p, int offset, int c, double[] e) {
    double sum = shiftedExponentials(z, offset, c, e);
    for (int j = 0; j < c; j++) {
      p.put(offset + j, (float) (e[j] / sum));
    }
  }

  /**
   * Merges each column's largest value of the activation outputs {@code post} into {@code max} and
   * returns how many of its values are inactive: {@code <= 0} (ReLU), or {@code < 0} when
   * {@code strict} (LeakyReLU). What a dead-unit report counts, over the rows of prediction chunks.
   */
  public long activity(INDArray post, boolean strict, float[] max) {
    int rows = post.rows();
    int n = post.columns();
    int pieces = run(rows, (s, part, parts) -> {
      s.ensure(n);
      Arrays.fill(s.b, 0, n, Float.NEGATIVE_INFINITY);
      s.activity(s.buffer(post), from(rows, part, parts), from(rows, part + 1, parts), n, strict);
    });
    long inactive = 0;
    for (int i = 0; i < pieces; i++) {
      CpuScratch s = parts.scratch(i);
      RowLoops.maxInto(s.b, max, n);
      inactive += (long) s.total;
    }
    return inactive;
  }

  @Override
  public void gatherRows(INDArray source, int[] rows, INDArray destination) {
    int width = source.columns();
    CpuParts.PartTask task = (s, part, parts) -> s.gather(s.buffer(source), s.buffer(destination), rows,
        from(rows.length, part, parts), from(rows.length, part + 1, parts), width);
    if ((long) rows.length * width < GATHER_SPLIT_VALUES) {
      parts.runIn(1, task);
    } else {
      run(rows.length, task);
    }
  }

  @Override
  public void addScaled(INDArray target, INDArray source, double factor) {
    vectors.addScaled(target, source, (float) factor);
  }

  @Override
  public void adam(INDArray params, INDArray grads, INDArray m, INDArray v, double learningRate, double beta1,
      double beta2, double epsilon, int step) {
    int t = step + 1;
    float rate = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    vectors.adam(params, grads, m, v, rate, (float) beta1, (float) beta2, (float) epsilon);
  }

  @Override
  public void sgd(INDArray params, INDArray grads, INDArray velocity, double learningRate, double momentum) {
    vectors.sgd(params, grads, velocity, (float) learningRate, (float) momentum);
  }
}
