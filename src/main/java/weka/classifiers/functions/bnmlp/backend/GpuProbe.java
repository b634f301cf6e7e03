package weka.classifiers.functions.bnmlp.backend;

import java.util.Collections;
import java.util.List;

/**
 * Looks for NVIDIA GPUs without touching ND4J's CUDA backend, which must not be started on a GPU
 * its build cannot run on.
 */
public interface GpuProbe {

  Result probe();

  /** The GPUs seen, or why none could be listed. */
  final class Result {
    public final List<GpuInfo> gpus;
    /** Null when the probe ran; otherwise why it could not (e.g. no NVIDIA driver). */
    public final String failure;

    private Result(List<GpuInfo> gpus, String failure) {
      this.gpus = Collections.unmodifiableList(gpus);
      this.failure = failure;
    }

    public static Result found(List<GpuInfo> gpus) {
      return new Result(gpus, null);
    }

    public static Result failed(String why) {
      return new Result(Collections.emptyList(), why);
    }
  }
}
