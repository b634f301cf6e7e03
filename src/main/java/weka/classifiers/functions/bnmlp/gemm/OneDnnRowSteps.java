package weka.classifiers.functions.bnmlp.gemm;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_softmax_desc_t;
import org.bytedeco.javacpp.FloatPointer;

/**
 * {@link LibraryRowSteps} on oneDNN's generated kernels: the shift and activation as a binary add of
 * the shift row, broadcast over the matrix, with the activation fused in as a post-op, in place; the
 * softmax as oneDNN's softmax over each row. The primitives of a shape are made once per JVM and shared
 * through {@link Shapes}; each instance has its own stream and memory objects, pointed at the caller's
 * arrays at every call, and freed when the instance is.
 */
final class OneDnnRowSteps implements LibraryRowSteps {

  /** The steps, and the arguments each names in order (the first two are pointed at the caller's arrays). */
  enum Step {
    SHIFT_ACTIVATION("shift and activation", DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST),
    SOFTMAX("softmax", DNNL_ARG_SRC, DNNL_ARG_DST);

    final String name;
    final int[] args;

    Step(String name, int... args) {
      this.name = name;
      this.args = args;
    }
  }

  private final Shapes shapes;
  private final OneDnnOwned owned;
  private final List<Bound> bound = new ArrayList<>();

  OneDnnRowSteps(Shapes shapes) {
    this.shapes = shapes;
    owned = new OneDnnOwned(this, shapes.engine.get());
  }

  @Override
  public boolean shiftActivation(int rows, int n, FloatPointer z, FloatPointer shift, float alpha) {
    return run(Step.SHIFT_ACTIVATION, rows, n, alpha, z, (long) rows * n, shift, n);
  }

  @Override
  public boolean softmax(int rows, int n, FloatPointer logits, FloatPointer probabilities) {
    return run(Step.SOFTMAX, rows, n, 0f, logits, (long) rows * n, probabilities, (long) rows * n);
  }

  /** The step on {@code first} and {@code second}, which must hold {@code firstCount} and {@code secondCount} values. */
  private boolean run(Step step, int rows, int n, float alpha, FloatPointer first, long firstCount,
      FloatPointer second, long secondCount) {
    // a native write past the arrays would take the JVM down: refuse what the pointers say they do not hold
    if (beyond(first, firstCount) || beyond(second, secondCount)) {
      throw new IllegalArgumentException("a [" + rows + " x " + n + "] " + step.name + " on arrays of "
          + (first.limit() - first.position()) + " and " + (second.limit() - second.position()) + " values");
    }
    Bound b = bound(step, rows, n, alpha);
    if (b == null) {
      return false;
    }
    owned.point(b.first, first);
    owned.point(b.second, second);
    OneDnnSgemm.OpenMp.omp_set_num_threads(1); // the calling thread alone, as for the products
    int status = dnnl_primitive_execute(b.primitive.primitive, owned.stream, step.args.length, b.args);
    if (status != dnnl_success) { // the message is made only then: a call allocates nothing
      check(status, "the " + step.name + " of [" + rows + " x " + n + "]");
    }
    return true;
  }

  /** Whether a pointer that knows its limit holds fewer than {@code count} values from its position. */
  private static boolean beyond(FloatPointer p, long count) {
    return p.limit() > 0 && p.position() + count > p.limit();
  }

  /** This instance's memory objects for the shape, or null when no more shapes are made. */
  private Bound bound(Step step, int rows, int n, float alpha) {
    for (int i = 0; i < bound.size(); i++) {
      Bound b = bound.get(i);
      if (b.primitive.matches(step, rows, n, alpha)) {
        return b;
      }
    }
    Primitive p = shapes.primitive(step, rows, n, alpha);
    if (p == null) {
      return null;
    }
    Bound b = new Bound(p, owned);
    bound.add(b);
    return b;
  }

  private static void check(int status, String what) {
    if (status != dnnl_success) {
      throw new IllegalStateException("oneDNN's row step failed with status " + status + " (" + what + ")");
    }
  }

  /** oneDNN's CPU engine and the primitives made so far (at most {@link #MAX_SHAPES}, kept for the JVM). */
  static final class Shapes {
    final Supplier<dnnl_engine> engine;
    private final List<Primitive> made = new ArrayList<>();
    /** Set when oneDNN refused to make a primitive: none is asked for again. */
    private boolean unavailable;

    Shapes(Supplier<dnnl_engine> engine) {
      this.engine = engine;
    }

    /**
     * The shape's primitive, made at the first request; null beyond {@link #MAX_SHAPES}, or when oneDNN
     * could not make one (the caller's own pass is then as right, only slower).
     */
    synchronized Primitive primitive(Step step, int rows, int n, float alpha) {
      for (Primitive p : made) {
        if (p.matches(step, rows, n, alpha)) {
          return p;
        }
      }
      if (made.size() >= MAX_SHAPES || unavailable) {
        return null;
      }
      try {
        Primitive p = new Primitive(step, rows, n, alpha, engine.get());
        made.add(p);
        return p;
      } catch (IllegalStateException e) {
        unavailable = true;
        return null;
      }
    }
  }

  /** The primitive of one step and shape, shared by every instance. */
  private static final class Primitive {
    final Step step;
    final int rows;
    final int n;
    final float alpha;
    final dnnl_memory_desc_t data = new dnnl_memory_desc_t();
    /** The second argument's layout: the shift row, or the probabilities (as the logits). */
    final dnnl_memory_desc_t second;
    final dnnl_primitive primitive = new dnnl_primitive();

    Primitive(Step step, int rows, int n, float alpha, dnnl_engine engine) {
      this.step = step;
      this.rows = rows;
      this.n = n;
      this.alpha = alpha;
      check(dnnl_memory_desc_init_by_tag(data, 2, new long[] {rows, n}, dnnl_f32, dnnl_ab), "a data layout");
      dnnl_primitive_attr attr = new dnnl_primitive_attr();
      check(dnnl_primitive_attr_create(attr), "creating attributes");
      // no scratch space: these kernels need none (checked, so that no shared one is ever used)
      check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratch mode");
      dnnl_primitive_desc pd = new dnnl_primitive_desc();
      if (step == Step.SHIFT_ACTIVATION) {
        second = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(second, 2, new long[] {1, n}, dnnl_f32, dnnl_ab), "a row layout");
        dnnl_binary_desc_t desc = new dnnl_binary_desc_t();
        check(dnnl_binary_desc_init(desc, dnnl_binary_add, data, second, data), "describing the step");
        dnnl_post_ops activation = new dnnl_post_ops();
        check(dnnl_post_ops_create(activation), "creating post-ops");
        check(dnnl_post_ops_append_eltwise(activation, 1f, dnnl_eltwise_relu, alpha, 0f), "the activation");
        check(dnnl_primitive_attr_set_post_ops(attr, activation), "setting the activation");
        check(dnnl_post_ops_destroy(activation), "releasing post-ops"); // the attributes keep a copy
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), attr, engine, null), "choosing the kernel");
      } else {
        second = data;
        dnnl_softmax_desc_t desc = new dnnl_softmax_desc_t();
        check(dnnl_softmax_forward_desc_init(desc, dnnl_forward_inference, data, 1), "describing the step");
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), attr, engine, null), "choosing the kernel");
      }
      if (dnnl_memory_desc_get_size(dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0)) != 0) {
        throw new IllegalStateException("oneDNN's " + step.name + " asks for scratch space");
      }
      check(dnnl_primitive_create(primitive, pd), "making the step");
      check(dnnl_primitive_desc_destroy(pd), "releasing the descriptor");
      check(dnnl_primitive_attr_destroy(attr), "releasing attributes");
    }

    boolean matches(Step s, int r, int c, float a) {
      return step == s && rows == r && n == c && Float.floatToIntBits(alpha) == Float.floatToIntBits(a);
    }
  }

  /**
   * One instance's memory objects for a shape and the arguments that name them: the shift reads and
   * writes its matrix through the first, the softmax reads the first and writes the second.
   */
  private static final class Bound {
    final Primitive primitive;
    final dnnl_memory first;
    final dnnl_memory second;
    final dnnl_exec_arg_t args;

    Bound(Primitive p, OneDnnOwned owned) {
      primitive = p;
      first = owned.memory(p.data, null);
      second = owned.memory(p.second, null);
      int[] ids = p.step.args;
      dnnl_memory[] memories = new dnnl_memory[ids.length];
      for (int i = 0; i < ids.length; i++) {
        memories[i] = i == 1 ? second : first; // the shift's output is its input
      }
      args = OneDnnOwned.args(ids, memories);
    }
  }
}
