package weka.classifiers.functions.bnmlp.net;

import java.util.Properties;
import java.util.concurrent.Callable;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs ND4J work with this package's class loader as the thread's context class loader. Weka loads
 * each package in its own class loader, while ND4J finds its backend and native libraries through
 * the context class loader; without the swap, ND4J inside the Explorer finds no backend.
 */
public final class Nd4jRuntime {

  private Nd4jRuntime() {
  }

  private static volatile boolean started;

  public static <T> T call(Callable<T> work) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(Nd4jRuntime.class.getClassLoader());
    try {
      if (!started) {
        start();
      }
      return work.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Loads the backend once. A platform without natives in the package fails here with a message
   * naming the platform, instead of a linkage error from deep inside ND4J on some later call.
   */
  private static synchronized void start() {
    if (started) {
      return;
    }
    try {
      Nd4j.getBackend();
      Nd4j.scalar(1f).addi(1f);
    } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, "no backend found", ...
      throw new IllegalStateException(BuildInfo.backendFailure(System.getProperty("os.name"),
          System.getProperty("os.arch"), BuildInfo.platforms(), t), t);
    }
    started = true;
  }

  /** Unchecked variant for work that throws only runtime exceptions. */
  public static <T> T get(Callable<T> work) {
    try {
      return call(work);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Threads ND4J may use for its own loops and for BLAS; 0 or less means every core. Applies to the
   * whole JVM (ND4J's thread pools are global).
   */
  public static void useThreads(int threads) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    get(() -> {
      if (Nd4j.getEnvironment().maxMasterThreads() != n || Nd4j.factory().blas().getMaxThreads() != n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
      }
      return null;
    });
  }

  /** One line naming the backend in use, its BLAS and thread count, e.g. for a model's summary. */
  public static String describeBackend() {
    return get(() -> {
      Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
      String backend = Nd4j.getBackend().getClass().getSimpleName();
      Object blas = env.get("blas.vendor");
      return "ND4J " + BuildInfo.nd4jVersion() + " " + backend + (blas != null ? ", BLAS " + blas : "")
          + ", " + Nd4j.getEnvironment().maxMasterThreads() + " threads";
    });
  }
}
