package weka.classifiers.functions.bnmlp.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A team of threads that runs one task in {@code parts} pieces: the caller runs part 0, the team's
 * workers the others, and {@link #run} returns when all are done. A training step hands it about
 * twenty short tasks (tens of microseconds each), so a worker spins for a while after each task
 * instead of sleeping at once: waking a parked thread costs about as much as one task.
 * One team per thread count is shared by every network in the JVM ({@link Nd4jRuntime#team}); tasks
 * from different networks take turns. Waiting threads yield rather than spin on the processor: with
 * as many threads as cores, a pure spin kept the JIT's compiler threads off the cores, and prediction
 * stayed slow for its first few calls.
 *
 * <p>Each thread runs its own part first (the caller part 0, worker i part i, so a thread keeps
 * working on the rows it computed in the step before, which are in its cache), then any part no
 * thread has taken yet (the caller after {@link #TAKE_OVER_NANOS}). A worker that has not got a core
 * therefore holds nobody up for long: the caller runs its part too. On a machine whose every core
 * runs a team thread, the JIT compiler's threads take cores away from the team in a fresh JVM; steps
 * whose worker was waiting for a core used to wait a scheduler time slice for it, about 20 times a
 * step. Which thread runs a part never changes the results: a part computes the same thing on any
 * thread.
 *
 * <p>Lifecycle: workers start with the team's first task; a worker idle for longer than
 * {@link Nd4jRuntime#threadKeepAlive} exits, and the next task starts a new one; {@link #shutdown}
 * stops them all (after the running task), and the team still works afterwards.
 */
public final class Lanes {

  /** One piece of a task: {@code part} of {@code parts}, 0-based. */
  public interface Task {
    void run(int part, int parts);
  }

  /**
   * How long the caller waits, once its own part is done, before it runs parts no worker has taken:
   * long enough for a running worker to take its part, far shorter than a scheduler time slice.
   */
  private static final long TAKE_OVER_NANOS = 20_000;

  /** How long an idle worker keeps spinning before it parks. */
  private static final long SPIN_NANOS = 200_000;

  private final int parts;
  private final boolean withWorkers;
  /** The running workers; a slot is null until started and after its worker exited. */
  private final Thread[] workers;
  /** Guards starting and retiring workers, and publishing a task ({@link #generation}). */
  private final Object lifecycle = new Object();
  /** Parts of the current task finished. */
  private final AtomicInteger finished = new AtomicInteger();
  /** Per part, the number of the last task whose part has been taken by a thread. */
  private final AtomicLongArray taken;
  private volatile Task task;
  /** The current task's number: 1, 2, ...; written after {@link #task}. */
  private volatile long generation;
  private volatile Throwable failure;
  /** Counts shutdowns: a worker started before the last one exits. */
  private volatile int epoch;

  Lanes(int parts) {
    this(parts, true);
  }

  /** A team whose workers never start ({@code withWorkers} false), for tests: the caller takes over every part. */
  Lanes(int parts, boolean withWorkers) {
    this.parts = parts;
    this.withWorkers = withWorkers;
    workers = new Thread[parts - 1];
    taken = new AtomicLongArray(parts);
  }

  /** The shared team for {@code parts} threads (1 runs everything on the caller). */
  public static Lanes of(int parts) {
    return Nd4jRuntime.team(parts);
  }

  public int parts() {
    return parts;
  }

  /** Runs {@code t} for every part and waits; a failure in any part is thrown here. */
  public void run(Task t) {
    if (parts == 1) {
      t.run(0, 1); // no team, nothing to share: callers on different threads run side by side
      return;
    }
    synchronized (this) {
      runTeam(t);
    }
  }

  private void runTeam(Task t) {
    long number;
    synchronized (lifecycle) {
      for (int i = 0; i < workers.length; i++) {
        if (workers[i] == null && withWorkers) {
          workers[i] = startWorker(i + 1);
        }
      }
      failure = null;
      finished.set(0);
      task = t;
      number = ++generation; // publishes task (volatile write after it)
    }
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
    }
    runPart(t, number, 0);
    long waitingSince = System.nanoTime();
    while (finished.get() != parts) {
      if (System.nanoTime() - waitingSince > TAKE_OVER_NANOS) {
        runParts(t, number, 0); // what no worker took by now
      }
      Thread.yield(); // a waiting thread gives its core to whoever else needs it (the JIT, at first)
    }
    task = null;
    Throwable thrown = failure;
    if (thrown instanceof RuntimeException) {
      throw (RuntimeException) thrown;
    }
    if (thrown instanceof Error) {
      throw (Error) thrown;
    }
  }

  /** A worker for {@code part} that waits for the task after the current one (called holding the lifecycle lock). */
  private Thread startWorker(int part) {
    long seen = generation;
    int started = epoch;
    Thread worker = new Thread(() -> work(part, seen, started), "BatchNormMLP lane " + part + "/" + parts);
    worker.setDaemon(true);
    worker.setContextClassLoader(Lanes.class.getClassLoader()); // ND4J finds its backend through it
    worker.start();
    return worker;
  }

  private void work(int part, long seen, int started) {
    long idleSince = System.nanoTime();
    while (true) {
      long g = generation;
      if (g != seen) {
        if (epoch != started) {
          return; // shut down; the task is for the worker that replaced this one
        }
        seen = g;
        // read after the number: task g, or (once all of g's parts are taken) a later task, of
        // which runParts then takes nothing under g's number
        Task t = task;
        if (t != null) {
          runParts(t, g, part);
        }
        // busy even if the caller took every part: tasks are coming, so keep spinning rather
        // than park and be late (woken) for the next one too
        idleSince = System.nanoTime();
        continue;
      }
      if (epoch != started) {
        return;
      }
      long idle = System.nanoTime() - idleSince;
      long keepAlive = Nd4jRuntime.threadKeepAliveNanos();
      if (idle < SPIN_NANOS) {
        Thread.yield();
      } else if (idle >= keepAlive && retire(part, seen, started)) {
        return;
      } else {
        LockSupport.parkNanos(this, keepAlive); // woken by run(); a spurious wake-up just loops
      }
    }
  }

  /**
   * Runs part {@code own} of task number {@code number}, if no thread took it yet, then every other
   * part nobody took. A part is taken by moving its entry in
   * {@link #taken} from the task before to this one, so it runs exactly once, and never under a
   * number that is not current: the next task starts only when every part of this one finished.
   */
  private void runParts(Task t, long number, int own) {
    for (int i = 0; i < parts; i++) {
      runPart(t, number, (own + i) % parts);
    }
  }

  /** Runs part {@code p} of task number {@code number} if no thread took it yet. */
  private void runPart(Task t, long number, int p) {
    if (taken.get(p) == number - 1 && taken.compareAndSet(p, number - 1, number)) {
      try {
        t.run(p, parts);
      } catch (Throwable e) {
        failure = e;
      }
      finished.incrementAndGet();
    }
  }

  /** Whether the worker of {@code part} may exit: no task came in since it last looked, or the team was shut down. */
  private boolean retire(int part, long seen, int started) {
    synchronized (lifecycle) {
      if (epoch != started) {
        return true; // its slot was emptied by shutdown, and may hold a new worker by now
      }
      if (generation != seen) {
        return false; // a task came in: run it first
      }
      workers[part - 1] = null;
      return true;
    }
  }

  /**
   * Stops the team's workers once the running task (if any) is done, and waits for them to exit; the
   * next task starts new ones.
   */
  void shutdown() throws InterruptedException {
    Thread[] stopped;
    synchronized (this) { // no task running
      synchronized (lifecycle) {
        stopped = workers.clone();
        java.util.Arrays.fill(workers, null);
        epoch++;
      }
    }
    for (Thread worker : stopped) {
      if (worker != null) {
        LockSupport.unpark(worker);
        worker.join();
      }
    }
  }

  /** The workers running now (for tests). */
  Thread[] workers() {
    synchronized (lifecycle) {
      return workers.clone();
    }
  }

  /** The first index of {@code part}'s share of {@code total} items, rounded to {@code align}. */
  public static int start(int total, int part, int parts, int align) {
    if (part == parts) {
      return total;
    }
    long share = (long) total * part / parts;
    return (int) Math.min(total, (share + align - 1) / align * align);
  }
}
