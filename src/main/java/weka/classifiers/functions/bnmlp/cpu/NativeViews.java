package weka.classifiers.functions.bnmlp.cpu;

import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One thread's views of the arrays' native memory, made at the first use of an array and kept: a
 * buffer's position and a pointer's offset are per-view state, so threads must not share them.
 */
final class NativeViews {

  private static final int MAX_CACHED_VIEWS = 512;

  private final Map<INDArray, FloatBuffer> buffers = new IdentityHashMap<>();
  private final Map<INDArray, FloatPointer> pointers = new IdentityHashMap<>();

  void forget() {
    buffers.clear();
    pointers.clear();
  }

  FloatBuffer buffer(INDArray array) {
    FloatBuffer view = buffers.get(array);
    return view != null ? view : newBuffer(array);
  }

  // The views are made in methods of their own: every kernel step looks its arrays up, and a step
  // that had the making inlined (ND4J's shape code, JavaCPP's pointer set-up) took the JIT 100-250 ms
  // to compile, during the first epochs, on the cores the training runs on.

  private FloatBuffer newBuffer(INDArray array) {
    FloatBuffer view = pointer(array).position(0).asBuffer();
    buffers.put(array, view);
    return view;
  }

  /** The pointer to element {@code offset} of the array. */
  FloatPointer at(INDArray array, long offset) {
    return pointer(array).position(offset);
  }

  private FloatPointer pointer(INDArray array) {
    FloatPointer p = pointers.get(array);
    return p != null ? p : newPointer(array);
  }

  private FloatPointer newPointer(INDArray array) {
    if (pointers.size() >= MAX_CACHED_VIEWS) {
      forget(); // arrays that come and go (a caller that never releases): never let the cache grow without bound
    }
    // the address already points at the array's first element, views included
    FloatPointer p = new FloatPointer(array.data().addressPointer());
    p.capacity(array.length());
    p.limit(array.length());
    pointers.put(array, p);
    return p;
  }
}
