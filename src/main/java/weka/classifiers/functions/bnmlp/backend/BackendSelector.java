package weka.classifiers.functions.bnmlp.backend;

import java.util.ArrayList;
import java.util.List;

import weka.classifiers.functions.bnmlp.options.BackendRequest;

/**
 * Decides between ND4J's CPU and CUDA backends before either is touched. ND4J 1.0.0-M2.1's CUDA
 * 11.6 build holds GPU code for compute capabilities 3.7 to 8.6 and no PTX: GPUs up to 8.x run it
 * (8.9 runs 8.6 code), 9.0 (Hopper) and newer cannot, and neither can GPUs older than 3.7.
 */
public final class BackendSelector {

  static final int MIN_MAJOR = 3;
  static final int MIN_MINOR = 7;
  /** First major version without binary-compatible code in the build. */
  static final int UNSUPPORTED_MAJOR = 9;
  /** CUDA 11.x minor-version compatibility starts at this Linux driver. */
  static final String MIN_DRIVER = "450.80.02";

  private BackendSelector() {
  }

  /**
   * @param cudaInstalled whether ND4J's CUDA backend classes are on the class path
   * @throws BackendUnavailableException for {@code cuda} when it cannot run, saying why
   */
  public static BackendDecision decide(BackendRequest request, boolean cudaInstalled, GpuProbe probe)
      throws BackendUnavailableException {
    if (request == BackendRequest.CPU) {
      return new BackendDecision(BackendDecision.Backend.CPU, cudaInstalled
          ? "-backend cpu: CPU forced although the CUDA backend is installed" : "-backend cpu");
    }
    if (!cudaInstalled) {
      if (request == BackendRequest.CUDA) {
        throw new BackendUnavailableException("-backend cuda: the CUDA backend is not installed. Install the "
            + "batchNormMLP-cuda package (see docs/backends.md), or use -backend cpu.");
      }
      return new BackendDecision(BackendDecision.Backend.CPU, "auto: CUDA backend not installed");
    }
    String problem = cudaProblem(probe.probe());
    if (problem == null) {
      return new BackendDecision(BackendDecision.Backend.CUDA, request == BackendRequest.AUTO
          ? "auto: CUDA backend installed and the GPU supported" : "-backend cuda");
    }
    if (request == BackendRequest.CUDA) {
      throw new BackendUnavailableException("-backend cuda: " + problem + " Use -backend cpu.");
    }
    return new BackendDecision(BackendDecision.Backend.CPU, "auto: CUDA not usable: " + problem);
  }

  /** Null when the first GPU can run the CUDA build; otherwise the reason it cannot. */
  static String cudaProblem(GpuProbe.Result result) {
    if (result.failure != null) {
      return result.failure + ".";
    }
    if (result.gpus.isEmpty()) {
      return "no NVIDIA GPU found.";
    }
    GpuInfo gpu = result.gpus.get(0); // ND4J computes on device 0 by default
    if (compareVersions(gpu.driverVersion, MIN_DRIVER) < 0) {
      return "the NVIDIA driver " + gpu.driverVersion + " is too old; ND4J's CUDA 11.6 build needs "
          + MIN_DRIVER + " or newer.";
    }
    if (!gpu.capabilityKnown()) {
      return "the compute capability of " + gpu.name + " is unknown, so it cannot be checked against "
          + "ND4J's CUDA build (3.7 to 8.x).";
    }
    if (gpu.major >= UNSUPPORTED_MAJOR) {
      return gpu.name + " has compute capability " + gpu.capability() + "; ND4J 1.0.0-M2.1's CUDA 11.6 build "
          + "holds GPU code for compute capabilities 3.7 to 8.6 only and no PTX, so it cannot run on this GPU "
          + "(Hopper and newer).";
    }
    if (gpu.major < MIN_MAJOR || (gpu.major == MIN_MAJOR && gpu.minor < MIN_MINOR)) {
      return gpu.name + " has compute capability " + gpu.capability() + "; ND4J's CUDA 11.6 build needs 3.7 "
          + "or newer.";
    }
    return null;
  }

  /** Compares dotted version numbers numerically ("470.57.02" > "450.80.02"). */
  static int compareVersions(String a, String b) {
    List<Integer> x = parts(a);
    List<Integer> y = parts(b);
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      int p = i < x.size() ? x.get(i) : 0;
      int q = i < y.size() ? y.get(i) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static List<Integer> parts(String version) {
    List<Integer> result = new ArrayList<>();
    for (String p : version.trim().split("\\.")) {
      try {
        result.add(Integer.parseInt(p.replaceAll("\\D.*", "")));
      } catch (NumberFormatException e) {
        result.add(0);
      }
    }
    return result;
  }
}
