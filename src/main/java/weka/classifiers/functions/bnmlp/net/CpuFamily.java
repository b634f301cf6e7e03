package weka.classifiers.functions.bnmlp.net;

import java.util.function.IntSupplier;

/**
 * The fused CPU kernels (ND4J's CPU backend, float32): {@link CpuKernels} and {@link CpuBatchNorm},
 * taking turns on one {@link CpuParts}, so a network's steps share one set of per-thread scratch
 * space. Each step is split over as many threads as {@code threads} says when it runs.
 */
final class CpuFamily implements KernelFamily {

  private final CpuKernels kernels;
  private final CpuBatchNorm batchNorm;

  /** On the JVM's default thread count ({@code Nd4jRuntime.useThreads}) and matrix library. */
  CpuFamily() {
    this(Nd4jRuntime::kernelThreads);
  }

  /** On the JVM's matrix library ({@code Nd4jRuntime.matrixLibrary}). */
  CpuFamily(IntSupplier threads) {
    this(threads, Nd4jRuntime.matrixLibrary().gemm);
  }

  /** Matrix products on {@code gemm}. */
  CpuFamily(IntSupplier threads, Sgemm gemm) {
    CpuParts parts = new CpuParts(threads);
    kernels = new CpuKernels(parts, gemm);
    batchNorm = new CpuBatchNorm(parts);
  }

  @Override
  public CpuKernels kernels() {
    return kernels;
  }

  @Override
  public BatchNormSteps batchNorm() {
    return batchNorm;
  }
}
