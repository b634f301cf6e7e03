package weka.classifiers.functions.bnmlp.cpu;

import java.util.function.IntSupplier;
import weka.classifiers.functions.bnmlp.gemm.LibraryBatchNorm;
import weka.classifiers.functions.bnmlp.gemm.Sgemm;
import weka.classifiers.functions.bnmlp.kernels.BatchNormSteps;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;

/**
 * The fused CPU kernels (ND4J's CPU backend, float32): {@link CpuKernels} and {@link CpuBatchNorm},
 * taking turns on one {@link CpuParts}, so a network's steps share one set of per-thread scratch
 * space. Each step is split over as many threads as {@code threads} says when it runs.
 */
public final class CpuFamily implements KernelFamily {

  private final CpuKernels kernels;
  private final BatchNormSteps batchNorm;

  /** On the JVM's default thread count ({@code Nd4jRuntime.useThreads}) and matrix library. */
  public CpuFamily() {
    this(Nd4jRuntime::kernelThreads);
  }

  /** On the JVM's matrix library ({@code Nd4jRuntime.matrixLibrary}). */
  public CpuFamily(IntSupplier threads) {
    this(threads, Nd4jRuntime.matrixLibrary().gemm);
  }

  /** Matrix products on {@code gemm}. */
  public CpuFamily(IntSupplier threads, Sgemm gemm) {
    CpuParts parts = new CpuParts(threads, 0);
    kernels = new CpuKernels(parts, gemm);
    CpuBatchNorm java = new CpuBatchNorm(parts);
    batchNorm = LibraryBatchNorm.availableWith(gemm)
        ? new LibraryBatchNormSteps(() -> LibraryBatchNorm.of(gemm), java, parts, kernels) : java;
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
