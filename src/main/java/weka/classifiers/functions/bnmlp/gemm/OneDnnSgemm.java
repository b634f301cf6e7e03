package weka.classifiers.functions.bnmlp.gemm;

import java.io.File;
import java.lang.ref.Cleaner;

import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;

import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Products on oneDNN's sgemm, whose kernels are generated for the processor when first used (AVX-512
 * where there is AVX-512), capped at the instructions the processor's flags name. oneDNN parallelizes
 * a product over OpenMP threads, as many as the calling thread's OpenMP setting allows; the CPU
 * kernels already run one piece per core, so every call first sets that thread's OpenMP thread count
 * to one (a direct native call of well under a microsecond).
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

  /** Frees the native objects of the library's steps ({@link OneDnnOwned}) once their owners are unreachable. */
  static final Cleaner CLEANER = Cleaner.create();

  private final String description;
  /** The batch-normalization primitives made on this library so far ({@link LibraryBatchNorm}). */
  final OneDnnBatchNorm.Shapes batchNormShapes = new OneDnnBatchNorm.Shapes();
  /** The row steps' primitives made so far ({@link LibraryRowSteps}). */
  final OneDnnRowSteps.Shapes rowStepShapes = new OneDnnRowSteps.Shapes(batchNormShapes::engine);

  /**
   * Loads oneDNN, caps its instructions at {@code cap} and binds its OpenMP runtime.
   *
   * @throws IllegalStateException (or a linkage error) when either cannot be loaded, or when oneDNN
   *     was started by someone else with wider instructions than {@code cap} allows
   */
  OneDnnSgemm(MatrixLibraryChoice.IsaCap cap) {
    Loader.load(dnnl.class);
    capInstructions(cap);
    String library = Loader.getLoadedLibraries().values().stream()
        .filter(path -> path != null && new File(path).getName().startsWith("libdnnl")).findFirst()
        .orElseThrow(() -> new IllegalStateException("oneDNN's library was not loaded"));
    OpenMp.bind(library);
    dnnl_version_t version = dnnl.dnnl_version();
    description = "oneDNN " + version.major() + "." + version.minor() + "." + version.patch() + " "
        + isaName(dnnl.dnnl_get_effective_cpu_isa());
  }

  /**
   * Sets oneDNN's widest instructions before it generates any kernel. oneDNN takes the setting once,
   * before its first kernel; if it was already running, its instructions must be within the cap.
   */
  private static void capInstructions(MatrixLibraryChoice.IsaCap cap) {
    int max = oneDnnIsa(cap);
    if (max == dnnl.dnnl_cpu_isa_all) {
      return;
    }
    if (dnnl.dnnl_set_max_cpu_isa(max) != dnnl.dnnl_success) {
      int running = dnnl.dnnl_get_effective_cpu_isa();
      if ((running & ~max) != 0) {
        throw new IllegalStateException("oneDNN was already started with " + isaName(running)
            + ", wider than this processor's flags allow (" + isaName(max) + ")");
      }
    }
  }

  static int oneDnnIsa(MatrixLibraryChoice.IsaCap cap) {
    switch (cap) {
      case AVX2:
        return dnnl.dnnl_cpu_isa_avx2;
      case SSE41:
        return dnnl.dnnl_cpu_isa_sse41;
      default:
        return dnnl.dnnl_cpu_isa_all;
    }
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

  /**
   * Whether {@code gemm} is oneDNN generating AVX2 or wider code, where its element-wise steps (batch
   * normalization, the prediction's row steps) have vectorized kernels (capped at SSE4.1 they run
   * plain loops, slower than the package's own).
   */
  static boolean hasVectorKernels(Sgemm gemm) {
    return gemm instanceof OneDnnSgemm
        && (dnnl.dnnl_get_effective_cpu_isa() & dnnl.dnnl_cpu_isa_avx2) == dnnl.dnnl_cpu_isa_avx2;
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
    } else if (isa == dnnl.dnnl_cpu_isa_avx) {
      return "avx";
    } else if (isa == dnnl.dnnl_cpu_isa_sse41) {
      return "sse41";
    }
    return "isa " + isa;
  }
}
