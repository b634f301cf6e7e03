package weka.classifiers.functions.bnmlp.runtime;

import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;

import weka.classifiers.functions.bnmlp.backend.BackendDecision;
import weka.classifiers.functions.bnmlp.backend.BackendFilteringClassLoader;
import weka.classifiers.functions.bnmlp.backend.BackendSelector;
import weka.classifiers.functions.bnmlp.backend.BackendUnavailableException;
import weka.classifiers.functions.bnmlp.backend.BlasCoreChoice;
import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.backend.NativeBuildChoice;
import weka.classifiers.functions.bnmlp.backend.NativePlatform;
import weka.classifiers.functions.bnmlp.backend.NvidiaSmiProbe;
import weka.classifiers.functions.bnmlp.backend.ProcessEnvironment;
import weka.classifiers.functions.bnmlp.options.BackendRequest;
import weka.classifiers.functions.bnmlp.gemm.MatrixLibrary;
import weka.classifiers.functions.bnmlp.gemm.OpenBlasSgemm;

/**
 * Everything this package keeps once per JVM, in one place; everything else (a model's thread count,
 * its kernels, buffers and predictor) belongs to one {@code MlpEngine}. Per JVM:
 * <ul>
 * <li>ND4J's backend, chosen and loaded once (ND4J's backend is global to the JVM), with the native
 * build and OpenBLAS kernels chosen before it loads (a system property and an environment variable
 * that the natives read once), and notes on what could not be done;</li>
 * <li>the CPU kernels' matrix library ({@link MatrixLibrary}), chosen and checked on first use;</li>
 * <li>the thread teams ({@link Lanes}), one per thread count, shared by every network: their idle
 * workers exit after {@link #threadKeepAlive} and restart on demand; {@link #shutdownThreads} stops
 * them;</li>
 * <li>the default thread count of networks not given their own, and ND4J's and BLAS's thread pools
 * ({@link #useThreads}, {@link #singleThreadedBlas}).</li>
 * </ul>
 * Every ND4J call of the package runs through {@link #call}/{@link #get}, with this package's class
 * loader as the thread's context class loader: Weka loads each package in its own class loader,
 * while ND4J finds its backend and native libraries through the context class loader; without the
 * swap, ND4J inside the Explorer finds no backend.
 */
public final class Nd4jRuntime {

  private Nd4jRuntime() {
  }

  // ND4J's backend
  private static volatile boolean started;
  private static BackendDecision decision;
  private static volatile String blasCoreNote;
  private static volatile String buildNote;

  // the CPU kernels' matrix library
  private static final Object MATRIX_LIBRARY_LOCK = new Object();
  private static MatrixLibrary matrixLibrary;

  // the thread teams
  /** Team n at index n; index 1 is the caller alone. Read without a lock on every kernel step. */
  private static final AtomicReferenceArray<Lanes> TEAMS = new AtomicReferenceArray<>(65);
  static {
    TEAMS.set(1, new Lanes(1));
  }
  private static volatile long threadKeepAliveNanos = 60_000_000_000L;

  // the default thread count
  private static volatile int kernelThreads = Runtime.getRuntime().availableProcessors();
  public static <T> T call(Callable<T> work) throws Exception {
    // ND4J finds its backend and native libraries through the context class loader
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(Nd4jRuntime.class.getClassLoader());
    try {
      if (!started) {
        start(BackendRequest.AUTO);
      }
      return work.call();
    } catch (OutOfMemoryError e) { // the estimate (MemoryEstimate) left too little room: a message, never a dead JVM
      throw new IllegalStateException("BatchNormMLP ran out of memory (" + e.getMessage() + "); use fewer or "
          + "smaller hidden layers, a smaller -batch-size, or start Weka with a larger -Xmx.", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Starts ND4J on the requested backend, or checks that the running one satisfies the request
   * (ND4J's backend is global to the JVM). Fails with a message saying why, never inside ND4J.
   */
  public static synchronized void require(BackendRequest request) throws BackendUnavailableException {
    if (!started) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(Nd4jRuntime.class.getClassLoader());
      try {
        start(request);
      } finally {
        thread.setContextClassLoader(previous);
      }
      return;
    }
    BackendDecision.Backend running = decision.backend;
    boolean conflict = request == BackendRequest.CPU && running != BackendDecision.Backend.CPU
        || request == BackendRequest.CUDA && running != BackendDecision.Backend.CUDA;
    if (conflict) {
      BackendSelector.decide(request, cudaInstalled(), new NvidiaSmiProbe()); // the specific reason, if any
      throw new BackendUnavailableException("-backend " + request.optionValue() + ": ND4J already runs on its "
          + running + " backend in this Java process, and cannot switch; restart Weka to change the backend.");
    }
  }

  /**
   * Decides the backend before ND4J is touched, then loads it once. A platform without natives in the
   * package fails here with a message naming the platform, instead of a linkage error from deep
   * inside ND4J on some later call.
   */
  private static synchronized void start(BackendRequest request) throws BackendUnavailableException {
    if (started) {
      return;
    }
    ClassLoader own = Nd4jRuntime.class.getClassLoader();
    boolean cudaInstalled = cudaInstalled();
    BackendDecision chosen = BackendSelector.decide(request, cudaInstalled, new NvidiaSmiProbe());
    String cpuBuild = null;
    if (chosen.backend == BackendDecision.Backend.CPU) {
      cpuBuild = chooseCpuBuild(own);
      chooseBlasCore();
      if (cudaInstalled) {
        ND4JClassLoading.setNd4jClassloader(new BackendFilteringClassLoader(own));
      }
    }
    try {
      Nd4j.getBackend();
      Nd4j.scalar(1f).addi(1f);
    } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, "no backend found", ...
      throw new IllegalStateException(BuildInfo.backendFailure(System.getProperty("os.name"),
          System.getProperty("os.arch"), BuildInfo.platforms(), t), t);
    }
    String loaded = cpuBuild == null ? null : NativeBuild.loadedFolder();
    if (loaded != null && !loaded.equals(cpuBuild)) { // ND4J was loaded before this package could choose
      buildNote = "the " + cpuBuild + " build was chosen, but ND4J was already loaded";
    }
    decision = chosen;
    started = true;
  }

  private static boolean cudaInstalled() {
    return Nd4jRuntime.class.getClassLoader()
        .getResource(BackendFilteringClassLoader.CUDA_BACKEND.replace('.', '/') + ".class") != null;
  }

  /**
   * Selects the best ND4J CPU build this processor runs among those the package holds, before
   * anything touches JavaCPP (see {@link NativeBuild}).
   */
  private static String chooseCpuBuild(ClassLoader own) throws BackendUnavailableException {
    String platform = NativePlatform.current();
    NativeBuildChoice choice = NativeBuildChoice.decide(System.getProperty(NativeBuildChoice.PROPERTY),
        CpuFeatures.current(), e -> own.getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + e + "/") != null);
    NativeBuild.request(choice);
    return choice.folder(platform);
  }

  /**
   * Asks OpenBLAS for its AVX-512 kernels where the processor has AVX-512 (see {@link BlasCoreChoice});
   * must run before OpenBLAS loads, which reads the setting once.
   */
  private static void chooseBlasCore() {
    String core = BlasCoreChoice.coreToRequest(CpuFeatures.current(),
        System.getenv(BlasCoreChoice.ENVIRONMENT_VARIABLE));
    if (core != null) {
      String failure = ProcessEnvironment.setIfAbsent(BlasCoreChoice.ENVIRONMENT_VARIABLE, core);
      blasCoreNote = failure == null ? null : "could not request OpenBLAS's " + core + " kernels: " + failure;
    }
  }

  /** The kernel family OpenBLAS runs, e.g. "SkylakeX", or "unknown". */
  public static String blasCore() {
    return get(() -> OpenBlasSgemm.coreName() + (blasCoreNote == null ? "" : " (" + blasCoreNote + ")"));
  }

  /** The CPU kernels' matrix library, chosen on first use (call inside {@link #get}). */
  public static MatrixLibrary matrixLibrary() {
    synchronized (MATRIX_LIBRARY_LOCK) {
      if (matrixLibrary == null) {
        matrixLibrary = MatrixLibrary.choose(blasCoreNote);
      }
      return matrixLibrary;
    }
  }

  /**
   * Whether the CPU kernels' matrix products run on OpenBLAS (rather than oneDNN, see
   * {@link MatrixLibrary}); false on other backends, which do not use these kernels.
   */
  public static boolean matrixProductsOnOpenBlas() {
    return get(() -> Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu")
        && matrixLibrary().onOpenBlas());
  }

  /** How the backend was chosen, e.g. "auto: CUDA backend not installed"; null before the first use. */
  public static synchronized String decisionReason() {
    return decision == null ? null : decision.reason;
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
   * The default thread count of networks that were not given their own (see
   * {@code MlpEngine.useThreads}), and the size of ND4J's own thread pools; 0 or less means every
   * core. Applies to the whole JVM (ND4J's pools are global), so the classifier does not call it:
   * each model's engine carries its own count. On the CPU backend the fused kernels split each
   * step over their threads themselves, so OpenBLAS runs single-threaded inside each piece (two
   * thread pools spinning on the same cores slow each other down).
   */
  public static void useThreads(int threads) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    kernelThreads = n;
    get(() -> {
      int blas = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu") ? 1 : n;
      if (Nd4j.getEnvironment().maxMasterThreads() != n || Nd4j.factory().blas().getMaxThreads() != blas) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(blas);
      }
      return null;
    });
  }

  /** Threads the CPU kernels of a network without its own count split their work over (see {@link #useThreads}). */
  public static int kernelThreads() {
    return kernelThreads;
  }

  /**
   * Keeps ND4J's BLAS single-threaded: the CPU kernels split each step over their own threads, and
   * run the library single-threaded inside each piece (two thread pools on the same cores slow each
   * other down).
   */
  public static void singleThreadedBlas() {
    Nd4j.factory().blas().setMaxThreads(1);
  }

  /** The shared thread team for {@code parts} threads (1: the caller alone). */
  static Lanes team(int parts) {
    // no branch on the team size here: one taken for the first time at prediction (which runs
    // one-thread teams that training at two threads never asked for) would make the JIT throw away
    // and recompile every kernel step that inlined this
    Lanes team = TEAMS.get(Math.max(1, Math.min(parts, TEAMS.length() - 1)));
    return team != null ? team : newTeam(parts);
  }

  private static Lanes newTeam(int parts) {
    int n = Math.max(1, Math.min(parts, TEAMS.length() - 1));
    TEAMS.compareAndSet(n, null, new Lanes(n)); // a Lanes starts no thread until its first task
    return TEAMS.get(n);
  }

  /**
   * How long an idle worker of a thread team waits for work before it exits (the team starts a new
   * one with its next task); one minute unless changed.
   */
  public static void threadKeepAlive(long millis) {
    threadKeepAliveNanos = Math.max(1, millis) * 1_000_000L;
  }

  static long threadKeepAliveNanos() {
    return threadKeepAliveNanos;
  }

  /**
   * Stops the workers of every thread team (each after its running task) and waits for them to exit;
   * teams start new workers when next used. For tests, and for hosts that unload the package.
   */
  public static void shutdownThreads() throws InterruptedException {
    for (int n = 0; n < TEAMS.length(); n++) {
      Lanes team = TEAMS.get(n);
      if (team != null) {
        team.shutdown();
      }
    }
  }

  /**
   * One line naming the backend in use and its BLAS, e.g. for a model's summary (thread counts
   * belong to each model, see {@code MlpEngine.useThreads}).
   */
  public static String describeBackend() {
    return get(() -> {
      Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
      String backend = Nd4j.getBackend().getClass().getSimpleName();
      Object blas = env.get("blas.vendor");
      String build = NativeBuild.loadedFolder();
      boolean cpu = backend.startsWith("Cpu");
      return "ND4J " + BuildInfo.nd4jVersion() + " " + backend + " (" + (build == null ? NativePlatform.current()
          : build.equals(NativePlatform.current()) ? build + " generic" : build) + " build"
          + (buildNote == null ? "" : "; " + buildNote) + ")"
          + (blas != null ? ", BLAS " + blas : "")
          + (cpu ? " " + blasCore() + " kernels, matrix products on " + matrixLibrary().describe() : "")
          + (decisionReason() != null ? "; " + decisionReason() : "");
    });
  }
}
