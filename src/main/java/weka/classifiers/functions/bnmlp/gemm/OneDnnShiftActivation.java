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
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * {@link LibraryShiftActivation} on oneDNN's generated binary kernel: the shift added as a row
 * broadcast over the matrix, the activation fused in as a post-op, in place. The primitives of a shape
 * are made once per JVM and shared through {@link Shapes}; each instance has its own stream and memory
 * objects, pointed at the caller's arrays at every call, and freed when the instance is.
 */
final class OneDnnShiftActivation implements LibraryShiftActivation {

  private final Shapes shapes;
  private final OneDnnOwned owned;
  private final List<Bound> bound = new ArrayList<>();
  /** Reused to hand oneDNN an address: a pointer's position would be added to it in bytes. */
  private final Address zAt = new Address();
  private final Address shiftAt = new Address();

  OneDnnShiftActivation(Shapes shapes) {
    this.shapes = shapes;
    owned = new OneDnnOwned(this, shapes.engine.get());
  }

  @Override
  public boolean apply(int rows, int n, FloatPointer z, FloatPointer shift, float alpha) {
    // a native write past the arrays would take the JVM down: refuse what the pointers say they do not hold
    if (beyond(z, (long) rows * n) || beyond(shift, n)) {
      throw new IllegalArgumentException("a [" + rows + " x " + n + "] shift and activation on arrays of "
          + (z.limit() - z.position()) + " and " + (shift.limit() - shift.position()) + " values");
    }
    Bound b = bound(rows, n, alpha);
    if (b == null) {
      return false;
    }
    check(dnnl_memory_set_data_handle(b.data, zAt.of(z)), "pointing a memory object at an array");
    check(dnnl_memory_set_data_handle(b.shift, shiftAt.of(shift)), "pointing a memory object at an array");
    OneDnnSgemm.OpenMp.omp_set_num_threads(1); // the calling thread alone, as for the products
    int status = dnnl_primitive_execute(b.primitive.primitive, owned.stream, 3, b.args);
    if (status != dnnl_success) { // the message is made only then: a call allocates nothing
      check(status, "the shift and activation of [" + rows + " x " + n + "]");
    }
    return true;
  }

  /** Whether a pointer that knows its limit holds fewer than {@code count} values from its position. */
  private static boolean beyond(FloatPointer p, long count) {
    return p.limit() > 0 && p.position() + count > p.limit();
  }

  /** This instance's memory objects for the shape, or null when no more shapes are made. */
  private Bound bound(int rows, int n, float alpha) {
    for (int i = 0; i < bound.size(); i++) {
      Bound b = bound.get(i);
      if (b.primitive.matches(rows, n, alpha)) {
        return b;
      }
    }
    Primitive p = shapes.primitive(rows, n, alpha);
    if (p == null) {
      return null;
    }
    Bound b = new Bound(p, owned);
    bound.add(b);
    return b;
  }

  private static void check(int status, String what) {
    if (status != dnnl_success) {
      throw new IllegalStateException("oneDNN's shift and activation failed with status " + status + " ("
          + what + ")");
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
    synchronized Primitive primitive(int rows, int n, float alpha) {
      for (Primitive p : made) {
        if (p.matches(rows, n, alpha)) {
          return p;
        }
      }
      if (made.size() >= MAX_SHAPES || unavailable) {
        return null;
      }
      try {
        Primitive p = new Primitive(rows, n, alpha, engine.get());
        made.add(p);
        return p;
      } catch (IllegalStateException e) {
        unavailable = true;
        return null;
      }
    }
  }

  /** The primitive of one shape, shared by every instance. */
  private static final class Primitive {
    final int rows;
    final int n;
    final float alpha;
    final dnnl_memory_desc_t data = new dnnl_memory_desc_t();
    final dnnl_memory_desc_t row = new dnnl_memory_desc_t();
    final dnnl_primitive primitive = new dnnl_primitive();

    Primitive(int rows, int n, float alpha, dnnl_engine engine) {
      this.rows = rows;
      this.n = n;
      this.alpha = alpha;
      check(dnnl_memory_desc_init_by_tag(data, 2, new long[] {rows, n}, dnnl_f32, dnnl_ab), "a data layout");
      check(dnnl_memory_desc_init_by_tag(row, 2, new long[] {1, n}, dnnl_f32, dnnl_ab), "a row layout");
      dnnl_binary_desc_t desc = new dnnl_binary_desc_t();
      check(dnnl_binary_desc_init(desc, dnnl_binary_add, data, row, data), "describing the step");
      dnnl_post_ops activation = new dnnl_post_ops();
      check(dnnl_post_ops_create(activation), "creating post-ops");
      check(dnnl_post_ops_append_eltwise(activation, 1f, dnnl_eltwise_relu, alpha, 0f), "the activation");
      dnnl_primitive_attr attr = new dnnl_primitive_attr();
      check(dnnl_primitive_attr_create(attr), "creating attributes");
      check(dnnl_primitive_attr_set_post_ops(attr, activation), "setting the activation");
      // no scratch space: the binary kernel needs none (checked, so that no shared one is ever used)
      check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratch mode");
      dnnl_primitive_desc pd = new dnnl_primitive_desc();
      check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(desc), attr, engine, null), "choosing the kernel");
      if (dnnl_memory_desc_get_size(dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0)) != 0) {
        throw new IllegalStateException("oneDNN's shift and activation asks for scratch space");
      }
      check(dnnl_primitive_create(primitive, pd), "making the step");
      check(dnnl_primitive_desc_destroy(pd), "releasing the descriptor");
      check(dnnl_primitive_attr_destroy(attr), "releasing attributes");
      check(dnnl_post_ops_destroy(activation), "releasing post-ops");
    }

    boolean matches(int r, int c, float a) {
      return rows == r && n == c && Float.floatToIntBits(alpha) == Float.floatToIntBits(a);
    }
  }

  /** One instance's memory objects for a shape (the matrix, in and out, and the shift), and the arguments. */
  private static final class Bound {
    final Primitive primitive;
    final dnnl_memory data;
    final dnnl_memory shift;
    final dnnl_exec_arg_t args = new dnnl_exec_arg_t(3);

    Bound(Primitive p, OneDnnOwned owned) {
      primitive = p;
      data = owned.memory(p.data, null);
      shift = owned.memory(p.row, null);
      args.position(0).arg(DNNL_ARG_SRC_0).memory(data);
      args.position(1).arg(DNNL_ARG_SRC_1).memory(shift);
      args.position(2).arg(DNNL_ARG_DST).memory(data);
      args.position(0);
    }
  }

  /** A pointer at another pointer's current element, with position 0. */
  private static final class Address extends Pointer {
    Address of(FloatPointer p) {
      address = p.address() + p.position() * Float.BYTES;
      return this;
    }
  }
}
