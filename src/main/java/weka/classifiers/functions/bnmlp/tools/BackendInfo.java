package weka.classifiers.functions.bnmlp.tools;

import java.util.Set;

import weka.classifiers.functions.bnmlp.backend.BlasCoreChoice;
import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.backend.GpuProbe;
import weka.classifiers.functions.bnmlp.backend.NativePlatform;
import weka.classifiers.functions.bnmlp.backend.NvidiaSmiProbe;
import weka.classifiers.functions.bnmlp.runtime.BuildInfo;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.core.CommandlineRunnable;

/**
 * Reports the compute environment: package and ND4J versions, the backend ND4J starts with and why,
 * the native build, CPU features, threads and the GPUs the driver lists. Run it from an installed
 * Weka with {@code java -cp weka.jar weka.Run weka.classifiers.functions.bnmlp.tools.BackendInfo}.
 */
public final class BackendInfo implements CommandlineRunnable {

  public static void main(String[] args) throws Exception {
    new BackendInfo().run(null, args);
  }

  @Override
  public void preExecution() {
    // nothing to prepare
  }

  @Override
  public void run(Object toRun, String[] options) throws Exception {
    System.out.println("batchNormMLP " + BuildInfo.version() + ", ND4J " + BuildInfo.nd4jVersion()
        + ", natives packaged for " + BuildInfo.platforms());
    System.out.println("Platform:    " + NativePlatform.current() + " (" + System.getProperty("os.name") + ", "
        + System.getProperty("os.arch") + "), Java " + System.getProperty("java.version"));
    Set<String> flags = CpuFeatures.current();
    System.out.println("CPU:         " + Runtime.getRuntime().availableProcessors() + " cores"
        + (flags.isEmpty() ? "" : ", AVX2 " + (flags.contains("avx2") ? "yes" : "no") + ", AVX-512 "
        + (flags.contains("avx512f") ? "yes" : "no")));
    GpuProbe.Result gpus = new NvidiaSmiProbe().probe();
    System.out.println("GPUs:        " + (gpus.failure != null ? gpus.failure
        : gpus.gpus.isEmpty() ? "none listed by the driver" : gpus.gpus.toString()));
    System.out.println("Backend:     " + Nd4jRuntime.describeBackend());
    String advice = BlasCoreChoice.advice(flags, System.getenv(BlasCoreChoice.ENVIRONMENT_VARIABLE));
    if (advice != null && Nd4jRuntime.matrixProductsOnOpenBlas()) { // oneDNN's kernels do not depend on it
      System.out.println("Hint:        " + advice);
    }
  }

  @Override
  public void postExecution() {
    // nothing to clean up
  }
}
