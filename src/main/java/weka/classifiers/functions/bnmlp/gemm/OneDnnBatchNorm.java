package weka.classifiers.functions.bnmlp.gemm;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * {@link LibraryBatchNorm} on oneDNN's generated batch-normalization kernels, with ReLU fused in (a bit
 * per value kept for the backward step). A {@code [rows, n]} matrix is a tensor of one image of n
 * channels and {@code rows} x 1 pixels, channels last, the layout in which oneDNN has vectorized kernels
 * for AVX2 and AVX-512; the statistics over an image's pixels are those over the batch's rows. (As
 * {@code rows} images of 1 x 1 pixel, the same memory, the AVX2 kernel took 40 and 79 µs forward and
 * backward on a 256 x 256 layer against 34 and 68, on an Intel Xeon; the AVX-512 kernel took the same
 * time either way.) The primitives of a shape are made once and shared through {@link Shapes}, which the
 * products' library keeps (once per JVM). They keep no state between calls, because their scratch
 * space is the caller's: with oneDNN's own, two networks stepping at once (as Spark's local tasks do)
 * got other results in some steps. Each instance has its own stream, scratch space and memory objects
 * (pointed at the caller's arrays at every call), freed when the instance is.
 */
final class OneDnnBatchNorm implements LibraryBatchNorm {

  private final Shapes shapes;
  private final OneDnnOwned owned;
  private final List<Bound> bound = new ArrayList<>();

  OneDnnBatchNorm(Shapes shapes) {
    this.shapes = shapes;
    owned = new OneDnnOwned(this, shapes.engine());
  }

  @Override
  public long workspaceFloats(int rows, int n, float epsilon) {
    return (bound(rows, n, epsilon).primitives.workspaceBytes + 3) / 4; // this instance's, without the shared lock
  }

  @Override
  public void forward(int rows, int n, float epsilon, FloatPointer src, FloatPointer gammaBeta, FloatPointer dst,
      FloatPointer mean, FloatPointer variance, FloatPointer workspace) {
    Bound b = bound(rows, n, epsilon, src, gammaBeta, mean, variance, workspace);
    owned.point(b.dst, dst);
    execute(b.primitives.forward, b.forwardArgs, b.forwardArgCount, "the forward step", rows, n);
  }

  @Override
  public boolean takesStatistics(int rows, int n, float epsilon) {
    return bound(rows, n, epsilon).primitives.forwardGiven != null;
  }

  @Override
  public void forwardGiven(int rows, int n, float epsilon, FloatPointer src, FloatPointer gammaBeta, FloatPointer dst,
      FloatPointer mean, FloatPointer variance, FloatPointer workspace) {
    Bound b = bound(rows, n, epsilon, src, gammaBeta, mean, variance, workspace);
    if (b.primitives.forwardGiven == null) {
      throw new IllegalStateException("no forward step with given statistics for [" + rows + " x " + n + "]");
    }
    owned.point(b.dst, dst);
    execute(b.primitives.forwardGiven, b.givenArgs, b.forwardArgCount, "the forward step with given statistics",
        rows, n);
  }

  @Override
  public void backward(int rows, int n, float epsilon, FloatPointer src, FloatPointer gammaBeta, FloatPointer mean,
      FloatPointer variance, FloatPointer workspace, FloatPointer diffDst, FloatPointer diffSrc,
      FloatPointer diffGammaBeta) {
    Bound b = bound(rows, n, epsilon, src, gammaBeta, mean, variance, workspace);
    owned.point(b.diffDst, diffDst);
    owned.point(b.diffSrc, diffSrc);
    owned.point(b.diffGammaBeta, diffGammaBeta);
    execute(b.primitives.backward, b.backwardArgs, b.backwardArgCount, "the backward step", rows, n);
  }

  /** This instance's memory objects for the shape, pointed at the arrays both steps take. */
  private Bound bound(int rows, int n, float epsilon, FloatPointer src, FloatPointer gammaBeta, FloatPointer mean,
      FloatPointer variance, FloatPointer workspace) {
    Bound b = bound(rows, n, epsilon);
    owned.point(b.src, src);
    owned.point(b.gammaBeta, gammaBeta);
    owned.point(b.mean, mean);
    owned.point(b.variance, variance);
    owned.point(b.workspace, workspace);
    return b;
  }

  private void execute(dnnl_primitive primitive, dnnl_exec_arg_t args, int count, String step, int rows, int n) {
    OneDnnSgemm.OpenMp.omp_set_num_threads(1); // the calling thread alone, as for the products
    int status = dnnl_primitive_execute(primitive, owned.stream, count, args);
    if (status != dnnl_success) { // the message is made only then: a step allocates nothing
      check(status, step + " of [" + rows + " x " + n + "]");
    }
  }

  /** This instance's memory objects and arguments for a shape (a short list: a network has few shapes). */
  private Bound bound(int rows, int n, float epsilon) {
    for (int i = 0; i < bound.size(); i++) {
      Bound b = bound.get(i);
      if (b.primitives.matches(rows, n, epsilon)) {
        return b;
      }
    }
    Bound b = new Bound(shapes.primitives(rows, n, epsilon), owned);
    bound.add(b);
    return b;
  }

  /**
   * oneDNN's CPU engine and the primitives made so far, one pair per shape (a few per network; they
   * live as long as the products' library that keeps them).
   */
  static final class Shapes {
    private dnnl_engine engine;
    private final List<Primitives> made = new ArrayList<>();

    synchronized dnnl_engine engine() {
      if (engine == null) {
        dnnl_engine e = new dnnl_engine();
        check(dnnl_engine_create(e, dnnl_cpu, 0), "creating the CPU engine");
        engine = e;
      }
      return engine;
    }

    synchronized Primitives primitives(int rows, int n, float epsilon) {
      for (Primitives p : made) {
        if (p.matches(rows, n, epsilon)) {
          return p;
        }
      }
      Primitives p = new Primitives(rows, n, epsilon, engine());
      made.add(p);
      return p;
    }
  }

  static void check(int status, String what) {
    if (status != dnnl_success) {
      throw new IllegalStateException("oneDNN's batch normalization failed with status " + status + " (" + what
          + ")");
    }
  }

  /** The forward and backward primitives of one shape, shared by every instance. */
  private static final class Primitives {
    final int rows;
    final int n;
    final float epsilon;
    final dnnl_memory_desc_t data = new dnnl_memory_desc_t();
    final dnnl_memory_desc_t vector = new dnnl_memory_desc_t();
    final dnnl_memory_desc_t gammaBeta = new dnnl_memory_desc_t();
    final dnnl_memory_desc_t workspace;
    final long workspaceBytes;
    final dnnl_memory_desc_t forwardScratch;
    final dnnl_memory_desc_t backwardScratch;
    final dnnl_primitive forward = new dnnl_primitive();
    final dnnl_primitive backward = new dnnl_primitive();
    /** The forward step with the statistics given; null where its kept bits would lie otherwise. */
    final dnnl_primitive forwardGiven;
    final dnnl_memory_desc_t givenScratch;

    Primitives(int rows, int n, float epsilon, dnnl_engine engine) {
      this.rows = rows;
      this.n = n;
      this.epsilon = epsilon;
      check(dnnl_memory_desc_init_by_tag(data, 4, new long[] {1, n, rows, 1}, dnnl_f32, dnnl_acdb), "a data layout");
      check(dnnl_memory_desc_init_by_tag(vector, 1, new long[] {n}, dnnl_f32, dnnl_a), "a vector layout");
      check(dnnl_memory_desc_init_by_tag(gammaBeta, 2, new long[] {2, n}, dnnl_f32, dnnl_ab), "a gamma-beta layout");
      int flags = dnnl_use_scaleshift | dnnl_fuse_norm_relu;
      dnnl_primitive_attr userScratch = new dnnl_primitive_attr();
      check(dnnl_primitive_attr_create(userScratch), "creating attributes");
      check(dnnl_primitive_attr_set_scratchpad_mode(userScratch, dnnl_scratchpad_mode_user), "scratch mode");
      dnnl_batch_normalization_desc_t forwardDesc = new dnnl_batch_normalization_desc_t();
      check(dnnl_batch_normalization_forward_desc_init(forwardDesc, dnnl_forward_training, data, epsilon, flags),
          "describing the forward step");
      dnnl_primitive_desc forwardPd = new dnnl_primitive_desc();
      check(dnnl_primitive_desc_create(forwardPd, new const_dnnl_op_desc_t(forwardDesc), userScratch, engine, null),
          "choosing the forward kernel");
      dnnl_batch_normalization_desc_t backwardDesc = new dnnl_batch_normalization_desc_t();
      check(dnnl_batch_normalization_backward_desc_init(backwardDesc, dnnl_backward, data, data, epsilon, flags),
          "describing the backward step");
      dnnl_primitive_desc backwardPd = new dnnl_primitive_desc();
      check(dnnl_primitive_desc_create(backwardPd, new const_dnnl_op_desc_t(backwardDesc), userScratch, engine,
          forwardPd),
          "choosing the backward kernel");
      workspace = dnnl_primitive_desc_query_md(forwardPd, dnnl_query_workspace_md, 0);
      workspaceBytes = dnnl_memory_desc_get_size(workspace);
      forwardScratch = dnnl_primitive_desc_query_md(forwardPd, dnnl_query_scratchpad_md, 0);
      backwardScratch = dnnl_primitive_desc_query_md(backwardPd, dnnl_query_scratchpad_md, 0);
      check(dnnl_primitive_create(forward, forwardPd), "making the forward step");
      check(dnnl_primitive_create(backward, backwardPd), "making the backward step");
      dnnl_batch_normalization_desc_t givenDesc = new dnnl_batch_normalization_desc_t();
      check(dnnl_batch_normalization_forward_desc_init(givenDesc, dnnl_forward_training, data, epsilon,
          flags | dnnl_use_global_stats), "describing the forward step with given statistics");
      dnnl_primitive_desc givenPd = new dnnl_primitive_desc();
      check(dnnl_primitive_desc_create(givenPd, new const_dnnl_op_desc_t(givenDesc), userScratch, engine, null),
          "choosing the forward kernel with given statistics");
      givenScratch = dnnl_primitive_desc_query_md(givenPd, dnnl_query_scratchpad_md, 0);
      // used only where it keeps the same bits, one per value in row order, as the other steps
      boolean sameBits = dnnl_memory_desc_get_size(dnnl_primitive_desc_query_md(givenPd, dnnl_query_workspace_md, 0))
          == workspaceBytes && workspaceBytes == ((long) rows * n + 7) / 8;
      forwardGiven = sameBits ? new dnnl_primitive() : null;
      if (sameBits) {
        check(dnnl_primitive_create(forwardGiven, givenPd), "making the forward step with given statistics");
      }
      // the descriptors stay: the workspace and scratch layouts point into them
      check(dnnl_primitive_attr_destroy(userScratch), "releasing attributes");
    }

    boolean matches(int r, int c, float eps) {
      return rows == r && n == c && Float.floatToIntBits(epsilon) == Float.floatToIntBits(eps);
    }
  }

  /** One instance's memory objects for a shape, and the argument lists that name them. */
  private static final class Bound {
    final Primitives primitives;
    final dnnl_memory src;
    final dnnl_memory dst;
    final dnnl_memory gammaBeta;
    final dnnl_memory mean;
    final dnnl_memory variance;
    final dnnl_memory workspace;
    final dnnl_memory diffDst;
    final dnnl_memory diffSrc;
    final dnnl_memory diffGammaBeta;
    final dnnl_memory forwardScratch;
    final dnnl_memory backwardScratch;
    final dnnl_memory givenScratch;
    /** The scratch spaces' memory (JavaCPP frees it with this object). */
    final BytePointer[] scratch;
    final dnnl_exec_arg_t forwardArgs;
    final dnnl_exec_arg_t givenArgs;
    final int forwardArgCount;
    final dnnl_exec_arg_t backwardArgs;
    final int backwardArgCount;

    Bound(Primitives p, OneDnnOwned owned) {
      primitives = p;
      src = owned.memory(p.data, null);
      dst = owned.memory(p.data, null);
      gammaBeta = owned.memory(p.gammaBeta, null);
      mean = owned.memory(p.vector, null);
      variance = owned.memory(p.vector, null);
      workspace = owned.memory(p.workspace, null);
      diffDst = owned.memory(p.data, null);
      diffSrc = owned.memory(p.data, null);
      diffGammaBeta = owned.memory(p.gammaBeta, null);
      scratch = new BytePointer[] {new BytePointer(Math.max(1, dnnl_memory_desc_get_size(p.forwardScratch))),
          new BytePointer(Math.max(1, dnnl_memory_desc_get_size(p.backwardScratch))),
          new BytePointer(Math.max(1, dnnl_memory_desc_get_size(p.givenScratch)))};
      forwardScratch = owned.memory(p.forwardScratch, scratch[0]);
      backwardScratch = owned.memory(p.backwardScratch, scratch[1]);
      givenScratch = owned.memory(p.givenScratch, scratch[2]);
      forwardArgCount = 7;
      int[] forwardIds = {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_SCALE_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE,
          DNNL_ARG_SCRATCHPAD, DNNL_ARG_WORKSPACE};
      forwardArgs = OneDnnOwned.args(forwardIds, new dnnl_memory[] {src, dst, gammaBeta, mean, variance,
          forwardScratch, workspace});
      givenArgs = OneDnnOwned.args(forwardIds, new dnnl_memory[] {src, dst, gammaBeta, mean, variance, givenScratch,
          workspace});
      backwardArgCount = 9;
      backwardArgs = OneDnnOwned.args(new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST,
          DNNL_ARG_SCALE_SHIFT, DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE_SHIFT, DNNL_ARG_SCRATCHPAD, DNNL_ARG_WORKSPACE},
          new dnnl_memory[] {src, mean, variance, diffDst, gammaBeta, diffSrc, diffGammaBeta, backwardScratch,
              workspace});
    }
  }
}
