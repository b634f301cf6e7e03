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
  private CpuScratch[] scratch = new CpuScratch[0];

  /** Pieces over as many threads as {@code threads} says at each step. */
  CpuParts(IntSupplier threads) {
    this.threads = threads;
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
    Lanes lanes = Lanes.of(rows < MIN_ROWS_TO_SPLIT ? 1 : threads.getAsInt());
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
        grown[i] = new CpuScratch();
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
