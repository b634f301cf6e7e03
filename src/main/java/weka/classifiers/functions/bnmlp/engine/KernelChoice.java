package weka.classifiers.functions.bnmlp.engine;

import java.util.function.IntSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import weka.classifiers.functions.bnmlp.cpu.CpuFamily;
import weka.classifiers.functions.bnmlp.kernels.KernelFamily;
import weka.classifiers.functions.bnmlp.net.Network;
import weka.classifiers.functions.bnmlp.predict.FoldedPredictor;
import weka.classifiers.functions.bnmlp.predict.LayerByLayerPredictor;
import weka.classifiers.functions.bnmlp.predict.Predictor;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;

/**
 * The engine's choice of kernel family for a network, and the way that family predicts: the fused
 * CPU kernels with their folded, parallel prediction where the backend is ND4J's CPU one and the data
 * float32 (unless {@code -Dbnmlp.kernels=nd4j}); otherwise the portable ND4J kernels, predicting layer
 * by layer.
 */
public abstract class KernelChoice {

  /** The kernels a network of this choice computes with. */
  public abstract KernelFamily family();

  /** How such a network predicts, in chunks of {@code chunkRows} rows. */
  public abstract Predictor predictor(Network network, int chunkRows);

  /**
   * The choice for {@code dataType} on the running backend. The CPU kernels split each step over
   * {@code threads} threads, asked at every step: one network's count, whatever other networks in
   * the JVM use.
   */
  public static KernelChoice choose(DataType dataType, IntSupplier threads) {
    boolean forcePortable = "nd4j".equalsIgnoreCase(System.getProperty("bnmlp.kernels"));
    boolean cpu = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    if (!forcePortable && cpu && dataType == DataType.FLOAT) {
      Nd4jRuntime.singleThreadedBlas(); // the CPU kernels split the work themselves
      return new Cpu(new CpuFamily(threads), threads);
    }
    return new Portable(KernelFamily.portable());
  }

  private static final class Portable extends KernelChoice {

    private final KernelFamily family;

    Portable(KernelFamily family) {
      this.family = family;
    }

    @Override
    public KernelFamily family() {
      return family;
    }

    @Override
    public Predictor predictor(Network network, int chunkRows) {
      return new LayerByLayerPredictor(network, chunkRows);
    }
  }

  private static final class Cpu extends KernelChoice {

    private final CpuFamily family;
    private final IntSupplier threads;

    Cpu(CpuFamily family, IntSupplier threads) {
      this.family = family;
      this.threads = threads;
    }

    @Override
    public KernelFamily family() {
      return family;
    }

    @Override
    public Predictor predictor(Network network, int chunkRows) {
      return new FoldedPredictor(network, family.kernels(), threads, chunkRows);
    }
  }
}
