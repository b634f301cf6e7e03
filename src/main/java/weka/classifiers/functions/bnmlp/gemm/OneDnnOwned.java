package weka.classifiers.functions.bnmlp.gemm;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * What one instance of a oneDNN step owns natively, its stream and memory objects, destroyed once the
 * instance is unreachable (this object must not refer to the instance, or it never would be).
 */
final class OneDnnOwned implements Runnable {

  final dnnl_stream stream = new dnnl_stream();
  private final List<dnnl_memory> memories = new ArrayList<>();
  private final dnnl_engine engine;
  private final Address address = new Address();

  /** A stream on {@code engine}, freed with everything made here once {@code owner} is unreachable. */
  OneDnnOwned(Object owner, dnnl_engine engine) {
    this.engine = engine;
    check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "creating a stream");
    OneDnnSgemm.CLEANER.register(owner, this);
  }

  /**
   * Points {@code memory} at the current element of {@code at}. oneDNN would add a pointer's position
   * in bytes, not in floats, so it gets the element's address, through one reused object.
   */
  void point(dnnl_memory memory, FloatPointer at) {
    check(dnnl_memory_set_data_handle(memory, address.of(at)), "pointing a memory object at an array");
  }

  /** A memory object of the layout {@code desc} at {@code at} (null: pointed at an array at each call). */
  dnnl_memory memory(dnnl_memory_desc_t desc, Pointer at) {
    dnnl_memory m = new dnnl_memory();
    check(dnnl_memory_create(m, desc, engine, at), "creating a memory object");
    memories.add(m);
    return m;
  }

  /** The argument list of a primitive's call: {@code memories[i]} under the id {@code ids[i]}. */
  static dnnl_exec_arg_t args(int[] ids, dnnl_memory[] memories) {
    dnnl_exec_arg_t args = new dnnl_exec_arg_t(ids.length);
    for (int i = 0; i < ids.length; i++) {
      args.position(i).arg(ids[i]).memory(memories[i]);
    }
    return args.position(0);
  }

  private static void check(int status, String what) {
    if (status != dnnl_success) {
      throw new IllegalStateException("oneDNN failed with status " + status + " (" + what + ")");
    }
  }

  /** A pointer at another pointer's current element, with position 0. */
  private static final class Address extends Pointer {
    Address of(FloatPointer p) {
      address = p.address() + p.position() * Float.BYTES;
      return this;
    }
  }

  @Override
  public void run() {
    for (dnnl_memory m : memories) {
      dnnl_memory_destroy(m);
    }
    dnnl_stream_destroy(stream);
  }
}
