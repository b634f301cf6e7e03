package weka.classifiers.functions.bnmlp.net;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs one task in {@code parts} pieces: the caller runs part 0, the
 * team's workers the others, and {@link #run} returns when all are done. A training step hands it
 * about twenty short tasks (tens of microseconds each), so a worker spins for a while after each task
 * instead of sleeping at once: waking a parked thread costs about as much as one task.
 * One team per thread count is shared by every network in the JVM; tasks from different networks
 * take turns. Waiting threads yield rather than spin on the processor: with as many threads as
 * cores, a pure spin kept the JIT's compiler threads off the cores, and prediction stayed slow for
 * its first few calls.
 */
final class Lanes {

  /** One piece of a task: {@code part} of {@code parts}, 0-based. */
  interface Task {
    void run(int part, int parts);
  }

  /** How long an idle worker keeps spinning before it parks. */
  private static final long SPIN_NANOS = 200_000;
  private static final Lanes[] TEAMS = new Lanes[65];
  private static final Lanes SINGLE = new Lanes(1);

  private final int parts;
  private final Thread[] workers;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Task task;
  private volatile long generation;
  private volatile Throwable failure;

  private Lanes(int parts) {
    this.parts = parts;
    workers = new Thread[parts - 1];
    for (int i = 0; i < workers.length; i++) {
      int part = i + 1;
      workers[i] = new Thread(() -> work(part), "BatchNormMLP lane " + part + "/" + parts);
      workers[i].setDaemon(true);
      workers[i].setContextClassLoader(Lanes.class.getClassLoader()); // ND4J finds its backend through it
      workers[i].start();
    }
  }

  /** The shared team for {@code parts} threads (1 runs everything on the caller). */
  static synchronized Lanes of(int parts) {
    int n = Math.max(1, Math.min(parts, TEAMS.length - 1));
    if (n == 1) {
      return SINGLE;
    }
    if (TEAMS[n] == null) {
      TEAMS[n] = new Lanes(n);
    }
    return TEAMS[n];
  }

  int parts() {
    return parts;
  }

  /** Runs {@code t} for every part and waits; a failure in any part is thrown here. */
  void run(Task t) {
    if (parts == 1) {
      t.run(0, 1); // no team, nothing to share: callers on different threads run side by side
      return;
    }
    synchronized (this) {
      runTeam(t);
    }
  }

  private void runTeam(Task t) {
    failure = null;
    task = t;
    pending.set(parts - 1);
    generation++; // publishes task (volatile write after it)
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
    }
    Throwable own = null;
    try {
      t.run(0, parts);
    } catch (Throwable e) {
      own = e;
    }
    while (pending.get() != 0) {
      Thread.yield(); // a waiting thread gives its core to whoever else needs it (the JIT, at first)
    }
    task = null;
    Throwable thrown = own != null ? own : failure;
    if (thrown instanceof RuntimeException) {
      throw (RuntimeException) thrown;
    }
    if (thrown instanceof Error) {
      throw (Error) thrown;
    }
  }

  private void work(int part) {
    long seen = 0;
    long idleSince = System.nanoTime();
    while (true) {
      long g = generation;
      if (g != seen) {
        seen = g;
        try {
          task.run(part, parts);
        } catch (Throwable e) {
          failure = e;
        }
        pending.decrementAndGet();
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
        Thread.yield();
      } else {
        LockSupport.park(this); // woken by run(); a spurious wake-up just loops
      }
    }
  }

  /** The first index of {@code part}'s share of {@code total} items, rounded to {@code align}. */
  static int start(int total, int part, int parts, int align) {
    if (part == parts) {
      return total;
    }
    long share = (long) total * part / parts;
    return (int) Math.min(total, (share + align - 1) / align * align);
  }
}
