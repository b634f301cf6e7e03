package weka.classifiers.functions.bnmlp.gemm;

import java.io.File;

import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Products on oneDNN's sgemm, whose kernels are generated for the processor when first used (AVX-512
 * where there is AVX-512). oneDNN parallelizes a product over OpenMP threads, as many as the calling
 * thread's OpenMP setting allows; the CPU kernels already run one piece per core, so every call first
 * sets that thread's OpenMP thread count to one (a direct native call of well under a microsecond).
 */
final class OneDnnSgemm implements Sgemm {

  /** The OpenMP runtime that oneDNN itself is linked against (found through oneDNN's own handle). */
  static final class OpenMp {
    private static boolean bound;

    static native void omp_set_num_threads(int threads);

    static native int omp_get_max_threads();

    /** Binds the native methods to the library at {@code path} (and what it links), once per JVM. */
    static synchronized void bind(String path) {
      if (!bound) {
        Native.register(OpenMp.class, NativeLibrary.getInstance(path));
        bound = true;
      }
    }
  }

  private final String description;

  /**
   * Loads oneDNN and binds its OpenMP runtime.
   *
   * @throws IllegalStateException (or a linkage error) when either cannot be loaded
   */
  OneDnnSgemm() {
    Loader.load(dnnl.class);
    String library = Loader.getLoadedLibraries().values().stream()
        .filter(path -> path != null && new File(path).getName().startsWith("libdnnl")).findFirst()
        .orElseThrow(() -> new IllegalStateException("oneDNN's library was not loaded"));
    OpenMp.bind(library);
    dnnl_version_t version = dnnl.dnnl_version();
    description = "oneDNN " + version.major() + "." + version.minor() + "." + version.patch() + " "
        + isaName(dnnl.dnnl_get_effective_cpu_isa());
  }

  @Override
  public void multiply(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b,
      int ldb, float beta, FloatPointer c, int ldc) {
    OpenMp.omp_set_num_threads(1);
    int status = dnnl.dnnl_sgemm((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, 1f, a, lda, b,
        ldb, beta, c, ldc);
    if (status != dnnl.dnnl_success) {
      throw new IllegalStateException("oneDNN's sgemm failed with status " + status + " for a product of ["
          + m + " x " + k + "] and [" + k + " x " + n + "]");
    }
  }

  @Override
  public String describe() {
    return description;
  }

  private static String isaName(int isa) {
    if (isa == dnnl.dnnl_cpu_isa_avx512_core_amx) {
      return "avx512_core_amx";
    } else if (isa == dnnl.dnnl_cpu_isa_avx512_core_bf16) {
      return "avx512_core_bf16";
    } else if (isa == dnnl.dnnl_cpu_isa_avx512_core_vnni) {
      return "avx512_core_vnni";
    } else if (isa == dnnl.dnnl_cpu_isa_avx512_core) {
      return "avx512_core";
    } else if (isa == dnnl.dnnl_cpu_isa_avx2_vnni) {
      return "avx2_vnni";
    } else if (isa == dnnl.dnnl_cpu_isa_avx2) {
      return "avx2";
    }
    return "isa " + isa;
  }
}
