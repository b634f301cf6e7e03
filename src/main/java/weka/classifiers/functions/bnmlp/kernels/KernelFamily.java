package weka.classifiers.functions.bnmlp.kernels;

/**
 * A network's kernels: the basic steps and the fused batch-normalization steps of one
 * implementation, which may share state (threads, scratch space). Which family a network uses is
 * chosen above the network (by the engine, from the backend and data type); a test or tool may
 * name one.
 */
public interface KernelFamily {

  Kernels kernels();

  BatchNormSteps batchNorm();

  /** The portable family: ND4J operations, on every backend, in float or double. */
  static KernelFamily portable() {
    return new Portable(new Nd4jKernels());
  }

  /** ND4J operations: {@link Nd4jKernels} and {@link Nd4jBatchNorm}. */
  final class Portable implements KernelFamily {

    private final Nd4jKernels kernels;
    private final Nd4jBatchNorm batchNorm;

    private Portable(Nd4jKernels kernels) {
      this.kernels = kernels;
      this.batchNorm = new Nd4jBatchNorm(kernels);
    }

    @Override
    public Kernels kernels() {
      return kernels;
    }

    @Override
    public BatchNormSteps batchNorm() {
      return batchNorm;
    }
  }
}
