package weka.classifiers.functions.bnmlp.net;

import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kernels for ND4J's CPU backend in float32: each layer step is one or a few fused loops over the
 * arrays' native memory (no copies), and matrix products call OpenBLAS's sgemm directly on it.
 * An ND4J operation costs tens of microseconds whatever its size, so a BN layer built from a
 * dozen of them spends more time dispatching than computing at Weka's batch sizes.
 */
final class CpuKernels implements Kernels {

  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;
  private static final int MAX_CACHED_VIEWS = 512;

  /** Native-memory views of the arrays seen so far (the network's buffers are long-lived). */
  private final Map<INDArray, FloatBuffer> buffers = new IdentityHashMap<>();
  private final Map<INDArray, FloatPointer> pointers = new IdentityHashMap<>();

  @Override
  public void release() {
    pointers.clear();
    buffers.clear();
  }

  private FloatBuffer buffer(INDArray a) {
    FloatBuffer b = buffers.get(a);
    if (b == null) {
      b = pointer(a).asBuffer();
      buffers.put(a, b);
    }
    return b;
  }

  private FloatPointer pointer(INDArray a) {
    FloatPointer p = pointers.get(a);
    if (p == null) {
      if (pointers.size() >= MAX_CACHED_VIEWS) {
        pointers.clear(); // prediction creates arrays per call; never let the cache grow without bound
        buffers.clear();
      }
      // the address already points at the array's first element, views included
      p = new FloatPointer(a.data().addressPointer());
      p.capacity(a.length());
      p.limit(a.length());
      pointers.put(a, p);
    }
    return p;
  }

  /** Rows of partial column sums kept in float (which vectorizes) before they are added up in double. */
  private static final int BLOCK_ROWS = 64;

  private float[] rowA = new float[0];
  private float[] rowB = new float[0];
  private float[] rowC = new float[0];
  private float[] blockSum = new float[0];
  private float[] blockSum2 = new float[0];
  private double[] sums = new double[0];
  private double[] sums2 = new double[0];
  private float[] colA = new float[0];
  private float[] colB = new float[0];
  private float[] colC = new float[0];

  /** Sizes the per-row scratch for rows of {@code n} values and clears the column accumulators. */
  private void prepare(int n) {
    if (rowA.length < n) {
      rowA = new float[n];
      rowB = new float[n];
      rowC = new float[n];
      blockSum = new float[n];
      blockSum2 = new float[n];
      sums = new double[n];
      sums2 = new double[n];
      colA = new float[n];
      colB = new float[n];
      colC = new float[n];
    }
    java.util.Arrays.fill(sums, 0, n, 0);
    java.util.Arrays.fill(sums2, 0, n, 0);
    java.util.Arrays.fill(blockSum, 0, n, 0);
    java.util.Arrays.fill(blockSum2, 0, n, 0);
  }

  /** Moves the float block sums into the double totals. */
  private void flushBlock(int n) {
    for (int j = 0; j < n; j++) {
      sums[j] += blockSum[j];
      sums2[j] += blockSum2[j];
      blockSum[j] = 0;
      blockSum2[j] = 0;
    }
  }

  private static void read(FloatBuffer from, int offset, float[] into, int n) {
    from.position(offset);
    from.get(into, 0, n);
  }

  private static void write(FloatBuffer to, int offset, float[] from, int n) {
    to.position(offset);
    to.put(from, 0, n);
  }

  private void readVector(INDArray v, float[] into) {
    read(buffer(v), 0, into, (int) v.length());
  }

  private void writeVector(INDArray v, float[] from) {
    write(buffer(v), 0, from, (int) v.length());
  }

  @Override
  public void linear(INDArray x, INDArray w, INDArray b, INDArray z) {
    int rows = z.rows();
    int n = z.columns();
    int k = x.columns();
    prepare(n);
    FloatBuffer zb = buffer(z);
    readVector(b, rowA);
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      write(zb, o, rowA, n);
    }
    // w is column-major [k, n], i.e. row-major w' [n, k]
    openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, rows, n, k, 1f, pointer(x), k, pointer(w), k, 1f,
        pointer(z), n);
  }

  @Override
  public void linearBackward(INDArray x, INDArray w, INDArray dz, INDArray dw, INDArray db, INDArray dx) {
    int rows = dz.rows();
    int n = dz.columns();
    int k = x.columns();
    // dw' [n, k] = dz' x
    openblas_nolapack.cblas_sgemm(ROW_MAJOR, TRANS, NO_TRANS, n, k, rows, 1f, pointer(dz), n, pointer(x), k, 0f,
        pointer(dw), k);
    columnSums(buffer(dz), rows, n);
    for (int j = 0; j < n; j++) {
      rowA[j] = (float) sums[j];
    }
    writeVector(db, rowA);
    if (dx != null) {
      // dx [rows, k] = dz w' = dz (row-major w' [n, k])
      openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, rows, k, n, 1f, pointer(dz), n, pointer(w), k,
          0f, pointer(dx), k);
    }
  }

  /** Column sums of a row-major matrix into {@code sums}. */
  private void columnSums(FloatBuffer m, int rows, int n) {
    prepare(n);
    float[] row = rowA;
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(m, o, row, n);
      for (int j = 0; j < n; j++) {
        blockSum[j] += row[j];
      }
      if ((r + 1) % BLOCK_ROWS == 0) {
        flushBlock(n);
      }
    }
    flushBlock(n);
  }

  @Override
  public void activation(INDArray pre, INDArray post, double alpha) {
    int n = pre.columns();
    int rows = pre.rows();
    prepare(n);
    FloatBuffer in = buffer(pre);
    FloatBuffer out = buffer(post);
    float a = (float) alpha;
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(in, o, rowA, n);
      for (int j = 0; j < n; j++) {
        float v = rowA[j];
        rowB[j] = Math.max(v, 0f) + a * Math.min(v, 0f); // branch-free, so the loop vectorizes
      }
      write(out, o, rowB, n);
    }
  }

  @Override
  public void activationBackward(INDArray pre, INDArray dPost, INDArray dPre, double alpha) {
    int n = pre.columns();
    int rows = pre.rows();
    prepare(n);
    FloatBuffer in = buffer(pre);
    FloatBuffer d = buffer(dPost);
    FloatBuffer out = buffer(dPre);
    float a = (float) alpha;
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(in, o, rowA, n);
      read(d, o, rowB, n);
      for (int j = 0; j < n; j++) {
        // step is 1 for v > 0 and 0 for v <= 0 (a fraction only for subnormal v), without a branch:
        // the signs of activations are close to random, and a mispredicted branch per element
        // costs far more than this arithmetic
        float step = Math.min(1f, Math.max(0f, rowA[j] * Float.MAX_VALUE));
        float g = rowB[j];
        rowC[j] = g * step + a * g * (1 - step);
      }
      write(out, o, rowC, n);
    }
  }

  @Override
  public void batchNormTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray xhat,
      INDArray y, INDArray scratch) {
    normalizeTrain(u, gamma, beta, state, xhat, y, null, 0);
  }

  /**
   * Fused BN (batch statistics) and activation: one pass for the statistics (sums of deviations from
   * the first row, which keeps float sums from cancelling), one pass writing xhat, the BN output and
   * the activation.
   */
  @Override
  public void batchNormActivationTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState state,
      INDArray xhat, INDArray bnOut, INDArray act, double alpha, INDArray scratch) {
    normalizeTrain(u, gamma, beta, state, xhat, bnOut, act, alpha);
  }

  /** BN with batch statistics into {@code y}; also the activation of {@code y} into {@code act} unless null. */
  private void normalizeTrain(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray xhat,
      INDArray y, INDArray act, double alpha) {
    int rows = u.rows();
    int n = u.columns();
    prepare(n);
    FloatBuffer ub = buffer(u);
    float[] shift = colC;
    read(ub, 0, shift, n);
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(ub, o, rowA, n);
      for (int j = 0; j < n; j++) {
        float c = rowA[j] - shift[j];
        blockSum[j] += c;
        blockSum2[j] += c * c;
      }
      if ((r + 1) % BLOCK_ROWS == 0) {
        flushBlock(n);
      }
    }
    flushBlock(n);
    float[] mean = colA;
    float[] inv = colB;
    float[] var = rowA;
    float[] runMean = rowB;
    float[] runVar = rowC;
    readVector(state.runningMean, runMean);
    readVector(state.runningVar, runVar);
    double m = state.momentum;
    double unbiased = rows > 1 ? rows / (rows - 1.0) : 1.0;
    for (int j = 0; j < n; j++) {
      double d = sums[j] / rows;
      double v = Math.max(0, sums2[j] / rows - d * d);
      mean[j] = (float) (shift[j] + d);
      var[j] = (float) v;
      inv[j] = (float) (1 / Math.sqrt(v + state.epsilon));
      runMean[j] = (float) ((1 - m) * runMean[j] + m * mean[j]);
      runVar[j] = (float) ((1 - m) * runVar[j] + m * v * unbiased);
    }
    writeVector(state.mean, mean);
    writeVector(state.var, var);
    writeVector(state.invStd, inv);
    writeVector(state.runningMean, runMean);
    writeVector(state.runningVar, runVar);
    float[] g = rowB;
    float[] bt = rowC;
    readVector(gamma, g);
    readVector(beta, bt);
    float[] in = shift; // the shift is folded into the mean now
    float[] h = blockSum;
    float[] bnRow = blockSum2;
    float[] out = rowA;
    float a = (float) alpha;
    FloatBuffer xh = buffer(xhat);
    FloatBuffer yb = buffer(y);
    FloatBuffer ab = act == null ? null : buffer(act);
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(ub, o, in, n);
      for (int j = 0; j < n; j++) {
        float v = (in[j] - mean[j]) * inv[j];
        float bn = g[j] * v + bt[j];
        h[j] = v;
        bnRow[j] = bn;
        out[j] = Math.max(bn, 0f) + a * Math.min(bn, 0f);
      }
      write(xh, o, h, n);
      write(yb, o, bnRow, n);
      if (ab != null) {
        write(ab, o, out, n);
      }
    }
    java.util.Arrays.fill(blockSum, 0, n, 0);
    java.util.Arrays.fill(blockSum2, 0, n, 0);
  }

  /** Fused activation and BN backward: two passes (gradient at the BN output with its sums; then dU). */
  @Override
  public void batchNormActivationBackward(INDArray bnOut, INDArray dAct, INDArray xhat, INDArray gamma,
      BatchNormState state, INDArray dBn, INDArray dU, INDArray dGamma, INDArray dBeta, double alpha,
      INDArray scratch) {
    int rows = dAct.rows();
    int n = dAct.columns();
    prepare(n);
    FloatBuffer yb = buffer(bnOut);
    FloatBuffer d = buffer(dAct);
    FloatBuffer xh = buffer(xhat);
    FloatBuffer db = buffer(dBn);
    float a = (float) alpha;
    float[] y = colA;
    float[] h = colB;
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(yb, o, y, n);
      read(d, o, rowA, n);
      read(xh, o, h, n);
      for (int j = 0; j < n; j++) {
        float step = Math.min(1f, Math.max(0f, y[j] * Float.MAX_VALUE)); // see activationBackward
        float grad = rowA[j] * step + a * rowA[j] * (1 - step);
        rowB[j] = grad;
        blockSum[j] += grad;
        blockSum2[j] += grad * h[j];
      }
      write(db, o, rowB, n);
      if ((r + 1) % BLOCK_ROWS == 0) {
        flushBlock(n);
      }
    }
    flushBlock(n);
    finishBatchNormBackward(db, xh, gamma, state, dU, dGamma, dBeta, rows, n);
  }

  @Override
  public void batchNormInfer(INDArray u, INDArray gamma, INDArray beta, BatchNormState state, INDArray y) {
    int rows = u.rows();
    int n = u.columns();
    prepare(n);
    float[] scale = colA;
    float[] shift = colB;
    readVector(state.runningMean, rowA);
    readVector(state.runningVar, rowB);
    readVector(gamma, rowC);
    readVector(beta, colC);
    for (int j = 0; j < n; j++) {
      double sc = rowC[j] / Math.sqrt(rowB[j] + state.epsilon);
      scale[j] = (float) sc;
      shift[j] = (float) (colC[j] - rowA[j] * sc);
    }
    FloatBuffer ub = buffer(u);
    FloatBuffer yb = buffer(y);
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(ub, o, rowA, n);
      for (int j = 0; j < n; j++) {
        rowB[j] = rowA[j] * scale[j] + shift[j];
      }
      write(yb, o, rowB, n);
    }
  }

  @Override
  public void batchNormBackward(INDArray dY, INDArray xhat, INDArray gamma, BatchNormState state, INDArray dU,
      INDArray dGamma, INDArray dBeta, INDArray scratch) {
    int rows = dY.rows();
    int n = dY.columns();
    prepare(n);
    FloatBuffer d = buffer(dY);
    FloatBuffer xh = buffer(xhat);
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(d, o, rowA, n);
      read(xh, o, rowB, n);
      for (int j = 0; j < n; j++) {
        blockSum[j] += rowA[j];
        blockSum2[j] += rowA[j] * rowB[j];
      }
      if ((r + 1) % BLOCK_ROWS == 0) {
        flushBlock(n);
      }
    }
    flushBlock(n);
    finishBatchNormBackward(d, xh, gamma, state, dU, dGamma, dBeta, rows, n);
  }

  /**
   * The second half of BN's backward pass, once {@code sums} and {@code sums2} hold the column sums
   * of dY and of dY * xhat: {@code dU = gamma invStd / B (B dY - sum(dY) - xhat sum(dY xhat))}.
   */
  private void finishBatchNormBackward(FloatBuffer d, FloatBuffer xh, INDArray gamma, BatchNormState state,
      INDArray dU, INDArray dGamma, INDArray dBeta, int rows, int n) {
    float[] sumD = colA;
    float[] sumDx = colB;
    float[] coef = colC;
    readVector(gamma, rowA);
    readVector(state.invStd, rowB);
    for (int j = 0; j < n; j++) {
      sumD[j] = (float) sums[j];
      sumDx[j] = (float) sums2[j];
      coef[j] = rowA[j] * rowB[j] / rows;
    }
    writeVector(dGamma, sumDx);
    writeVector(dBeta, sumD);
    FloatBuffer out = buffer(dU);
    float count = rows;
    for (int r = 0, o = 0; r < rows; r++, o += n) {
      read(d, o, rowA, n);
      read(xh, o, rowB, n);
      for (int j = 0; j < n; j++) {
        rowC[j] = coef[j] * (count * rowA[j] - sumD[j] - rowB[j] * sumDx[j]);
      }
      write(out, o, rowC, n);
    }
  }

  @Override
  public double softmaxCrossEntropy(INDArray logits, INDArray target, INDArray weight, INDArray delta,
      INDArray scratch) {
    int rows = logits.rows();
    int c = logits.columns();
    FloatBuffer z = buffer(logits);
    FloatBuffer t = buffer(target);
    FloatBuffer w = buffer(weight);
    FloatBuffer out = buffer(delta);
    double loss = 0;
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      double logSum = logSumExp(z, o, c);
      double wr = w.get(r);
      double rowLoss = 0;
      for (int j = 0; j < c; j++) {
        double logP = z.get(o + j) - logSum;
        double tj = t.get(o + j);
        rowLoss -= tj * logP;
        out.put(o + j, (float) (wr * (Math.exp(logP) - tj) / rows));
      }
      loss += wr * rowLoss;
    }
    return loss / rows;
  }

  @Override
  public double squaredError(INDArray out, INDArray target, INDArray weight, INDArray delta, INDArray scratch) {
    int rows = out.rows();
    int c = out.columns();
    FloatBuffer o = buffer(out);
    FloatBuffer t = buffer(target);
    FloatBuffer w = buffer(weight);
    FloatBuffer d = buffer(delta);
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      double wr = w.get(r);
      for (int j = 0; j < c; j++) {
        int i = r * c + j;
        double e = o.get(i) - t.get(i);
        loss += 0.5 * wr * e * e;
        d.put(i, (float) (wr * e / rows));
      }
    }
    return loss / rows;
  }

  @Override
  public void softmax(INDArray logits, INDArray probabilities) {
    int rows = logits.rows();
    int c = logits.columns();
    FloatBuffer z = buffer(logits);
    FloatBuffer p = buffer(probabilities);
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      double logSum = logSumExp(z, o, c);
      for (int j = 0; j < c; j++) {
        p.put(o + j, (float) Math.exp(z.get(o + j) - logSum));
      }
    }
  }

  /** log(sum(exp(z))) of one row, shifted by its maximum so that exp cannot overflow. */
  private static double logSumExp(FloatBuffer z, int offset, int c) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < c; j++) {
      max = Math.max(max, z.get(offset + j));
    }
    double sum = 0;
    for (int j = 0; j < c; j++) {
      sum += Math.exp(z.get(offset + j) - max);
    }
    return max + Math.log(sum);
  }

  @Override
  public void gatherRows(INDArray source, int[] rows, INDArray destination) {
    int width = source.columns();
    FloatBuffer from = buffer(source);
    FloatBuffer to = buffer(destination);
    float[] row = rowScratch(width);
    for (int i = 0; i < rows.length; i++) {
      read(from, rows[i] * width, row, width);
      write(to, i * width, row, width);
    }
  }

  private float[] row = new float[0];

  private float[] rowScratch(int width) {
    if (row.length < width) {
      row = new float[width];
    }
    return row;
  }

  /** Element-wise loops over long vectors go through float[] chunks of this size, so they vectorize. */
  private static final int CHUNK = 1024;

  private final float[] chunkP = new float[CHUNK];
  private final float[] chunkG = new float[CHUNK];
  private final float[] chunkM = new float[CHUNK];
  private final float[] chunkV = new float[CHUNK];

  @Override
  public void addScaled(INDArray target, INDArray source, double factor) {
    FloatBuffer t = buffer(target);
    FloatBuffer src = buffer(source);
    float f = (float) factor;
    int length = (int) target.length();
    for (int from = 0; from < length; from += CHUNK) {
      int n = Math.min(CHUNK, length - from);
      read(t, from, chunkP, n);
      read(src, from, chunkG, n);
      for (int i = 0; i < n; i++) {
        chunkP[i] += f * chunkG[i];
      }
      write(t, from, chunkP, n);
    }
  }

  @Override
  public void adam(INDArray params, INDArray grads, INDArray m, INDArray v, double learningRate, double beta1,
      double beta2, double epsilon, int step) {
    FloatBuffer p = buffer(params);
    FloatBuffer g = buffer(grads);
    FloatBuffer mb = buffer(m);
    FloatBuffer vb = buffer(v);
    int t = step + 1;
    float rate = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float eps = (float) epsilon;
    int length = (int) params.length();
    for (int from = 0; from < length; from += CHUNK) {
      int n = Math.min(CHUNK, length - from);
      read(p, from, chunkP, n);
      read(g, from, chunkG, n);
      read(mb, from, chunkM, n);
      read(vb, from, chunkV, n);
      for (int i = 0; i < n; i++) {
        float gi = chunkG[i];
        float mi = b1 * chunkM[i] + (1 - b1) * gi;
        float vi = b2 * chunkV[i] + (1 - b2) * gi * gi;
        chunkM[i] = mi;
        chunkV[i] = vi;
        chunkP[i] -= rate * mi / ((float) Math.sqrt(vi) + eps);
      }
      write(p, from, chunkP, n);
      write(mb, from, chunkM, n);
      write(vb, from, chunkV, n);
    }
  }

  @Override
  public void sgd(INDArray params, INDArray grads, INDArray velocity, double learningRate, double momentum) {
    FloatBuffer p = buffer(params);
    FloatBuffer g = buffer(grads);
    FloatBuffer vb = velocity == null ? null : buffer(velocity);
    float lr = (float) learningRate;
    float mu = (float) momentum;
    int length = (int) params.length();
    for (int from = 0; from < length; from += CHUNK) {
      int n = Math.min(CHUNK, length - from);
      read(p, from, chunkP, n);
      read(g, from, chunkG, n);
      if (vb == null) {
        for (int i = 0; i < n; i++) {
          chunkP[i] -= lr * chunkG[i];
        }
      } else {
        read(vb, from, chunkV, n);
        for (int i = 0; i < n; i++) {
          float previous = chunkV[i];
          float vi = mu * previous - lr * chunkG[i];
          chunkV[i] = vi;
          chunkP[i] += (1 + mu) * vi - mu * previous; // Nesterov: look ahead along the new velocity
        }
        write(vb, from, chunkV, n);
      }
      write(p, from, chunkP, n);
    }
  }
}
