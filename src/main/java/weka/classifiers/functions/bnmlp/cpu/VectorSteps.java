package weka.classifiers.functions.bnmlp.cpu;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;
import weka.classifiers.functions.bnmlp.runtime.Lanes;

/**
 * The optimizer's element-wise steps over flat vectors (the L2 term, Adam, SGD), split over the parts
 * by ranges and run in 1,024-value chunks through float[] scratch, so that the loops vectorize. A
 * step's arguments go into this object's fields rather than into a lambda, so a step allocates
 * nothing: a training step calls these dozens of times when it updates its layers in pieces. One
 * step at a time; the thread team reads the fields after {@link CpuParts#run} published them.
 */
final class VectorSteps {

  /** Values per chunk: the scratch arrays' length. */
  private static final int CHUNK = 1024;

  private enum Op { ADD_SCALED, ADAM, SGD, NESTEROV }

  private final CpuParts parts;
  private final CpuParts.PartTask task = this::runPart;
  private Op op;
  private int length;
  private INDArray x;
  private INDArray y;
  private INDArray m;
  private INDArray v;
  private float f1;
  private float f2;
  private float f3;
  private float f4;

  VectorSteps(CpuParts parts) {
    this.parts = parts;
  }

  /** {@code target += factor * source}. */
  void addScaled(INDArray target, INDArray source, float factor) {
    x = target;
    y = source;
    f1 = factor;
    run(Op.ADD_SCALED, target);
  }

  /** One Adam step with the bias corrections folded into {@code rate}. */
  void adam(INDArray params, INDArray grads, INDArray first, INDArray second, float rate, float beta1, float beta2,
      float epsilon) {
    x = params;
    y = grads;
    m = first;
    v = second;
    f1 = rate;
    f2 = beta1;
    f3 = beta2;
    f4 = epsilon;
    run(Op.ADAM, params);
  }

  /** One SGD step, with Nesterov momentum where {@code velocity} is not null. */
  void sgd(INDArray params, INDArray grads, INDArray velocity, float learningRate, float momentum) {
    x = params;
    y = grads;
    m = velocity;
    f1 = learningRate;
    f2 = momentum;
    run(velocity == null ? Op.SGD : Op.NESTEROV, params);
  }

  private void run(Op step, INDArray over) {
    op = step;
    length = (int) over.length();
    try {
      parts.run(Integer.MAX_VALUE, task);
    } finally {
      x = y = m = v = null; // keep no array alive between steps
    }
  }

  private void runPart(CpuScratch s, int part, int count) {
    s.ensure(CHUNK);
    int end = Lanes.start(length, part + 1, count, CHUNK);
    for (int at = Lanes.start(length, part, count, CHUNK); at < end; at += CHUNK) {
      int n = Math.min(CHUNK, end - at);
      switch (op) {
        case ADD_SCALED:
          addScaledChunk(s, at, n);
          break;
        case ADAM:
          adamChunk(s, at, n);
          break;
        default:
          sgdChunk(s, at, n);
      }
    }
  }

  private void addScaledChunk(CpuScratch s, int from, int n) {
    FloatBuffer t = s.buffer(x);
    float f = f1;
    CpuScratch.read(t, from, s.a, n);
    CpuScratch.read(s.buffer(y), from, s.b, n);
    for (int i = 0; i < n; i++) {
      s.a[i] += f * s.b[i];
    }
    CpuScratch.write(t, from, s.a, n);
  }

  private void adamChunk(CpuScratch s, int from, int n) {
    float rate = f1;
    float b1 = f2;
    float b2 = f3;
    float eps = f4;
    FloatBuffer p = s.buffer(x);
    FloatBuffer mb = s.buffer(m);
    FloatBuffer vb = s.buffer(v);
    float[] pc = s.a;
    float[] gc = s.b;
    float[] mc = s.c;
    float[] vc = s.d;
    CpuScratch.read(p, from, pc, n);
    CpuScratch.read(s.buffer(y), from, gc, n);
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
  }

  private void sgdChunk(CpuScratch s, int from, int n) {
    float lr = f1;
    float mu = f2;
    FloatBuffer p = s.buffer(x);
    CpuScratch.read(p, from, s.a, n);
    CpuScratch.read(s.buffer(y), from, s.b, n);
    if (op == Op.SGD) {
      for (int i = 0; i < n; i++) {
        s.a[i] -= lr * s.b[i];
      }
    } else {
      FloatBuffer vb = s.buffer(m);
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
  }
}
