package weka.classifiers.functions.bnmlp.cpu;

import java.util.function.IntSupplier;
import weka.classifiers.functions.bnmlp.runtime.Lanes;

/**
 * Runs a CPU kernel's step in pieces over the thread team ({@link Lanes}), each piece with its own
 * scratch space ({@link CpuScratch}): shared by the basic CPU kernels and the CPU batch
 * normalization of one network, which take turns on it.
 */
final class CpuParts {

  /**
   * Below this many rows a step runs on the calling thread alone: handing a handful of rows to a
   * worker (which may be asleep between predictions) costs more than computing them.
   */
  static final int MIN_ROWS_TO_SPLIT = 16;

  private final IntSupplier threads;
  /** 1 for parts that always run on the calling thread, else unlimited. */
  private final int maxParts;
  private final int width;
  /** One per piece; the calling thread's from the start. */
  private CpuScratch[] scratch;

  /**
   * Pieces over as many threads as {@code threads} says at each step, their scratch rows
   * {@code width} values wide from the start.
   */
  CpuParts(IntSupplier threads, int width) {
    this(threads, Integer.MAX_VALUE, width);
  }

  private CpuParts(IntSupplier threads, int maxParts, int width) {
    this.threads = threads;
    this.maxParts = maxParts;
    this.width = width;
    scratch = new CpuScratch[] {new CpuScratch(width)};
  }

  /**
   * Parts like these that run every step on the calling thread alone. Kernels for prediction
   * threads are made with these when the model has trained, and the JIT has compiled the step path
   * for what training showed it: so they share its thread-count supplier (a new class implementing
   * it would be one more it had not seen), start with their scratch rows (a growth never seen
   * would be a branch it had left out) and limit the count without a branch.
   */
  CpuParts onCallingThread() {
    return new CpuParts(threads, 1, widest());
  }

  /**
   * The widest scratch row so far: kernels that take over this network's work (the prediction
   * threads) start at this width, because a kernel loop whose growth branch has never run in
   * training is compiled without it, and the first growth would throw the compiled loop away.
   */
  private int widest() {
    int widest = width;
    for (CpuScratch s : scratch) {
      widest = Math.max(widest, s.width());
    }
    return widest;
  }

  /** Forgets the arrays seen so far (see {@link CpuScratch#forget}). */
  void release() {
    for (CpuScratch s : scratch) {
      s.forget();
    }
  }

  /**
   * Runs {@code task} in pieces over {@code rows} rows, each piece with its own scratch space;
   * returns the number of pieces.
   */
  int run(int rows, PartTask task) {
    return runIn(rows < MIN_ROWS_TO_SPLIT ? 1 : threads(), task);
  }

  /** The threads a step may use now. */
  int threads() {
    return Math.min(maxParts, threads.getAsInt());
  }

  /** Runs {@code task} in {@code count} pieces, each with its own scratch space; returns {@code count}. */
  int runIn(int count, PartTask task) {
    Lanes lanes = Lanes.of(count);
    int parts = lanes.parts();
    ensureScratch(parts);
    current = task;
    try {
      lanes.run(dispatcher);
    } finally {
      current = null;
    }
    return parts;
  }

  /** The task of the running {@link #run}; one team task reads it, so a step allocates no wrapper. */
  private PartTask current;
  private final Lanes.Task dispatcher = (part, count) -> current.run(scratch[part], part, count);

  private void ensureScratch(int parts) {
    if (scratch.length < parts) {
      CpuScratch[] grown = java.util.Arrays.copyOf(scratch, parts);
      for (int i = scratch.length; i < parts; i++) {
        grown[i] = new CpuScratch(width);
      }
      scratch = grown;
    }
  }

  /** The scratch of piece 0, which the calling thread runs: for work between two runs. */
  CpuScratch callerScratch() {
    ensureScratch(1);
    return scratch[0];
  }

  /** The scratch of piece {@code q} of the last run (its partial sums, once the run returned). */
  CpuScratch scratch(int q) {
    return scratch[q];
  }

  /** One piece of a step: {@code part} of {@code parts}, with that piece's scratch space. */
  interface PartTask {
    void run(CpuScratch s, int part, int parts);
  }
}
