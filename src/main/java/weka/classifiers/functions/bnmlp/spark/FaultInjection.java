package weka.classifiers.functions.bnmlp.spark;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.TaskContext;

/**
 * For tests of Spark's task retries: fails the first attempt of one partition's task in one round,
 * after the replica has done its work (so a retry must not be thrown off by what the failed attempt
 * left behind).
 */
final class FaultInjection implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Failures injected in this JVM (local mode: the tests' own), for tests to see that one happened. */
  static final AtomicInteger INJECTED = new AtomicInteger();

  private final int epoch;
  private final int round;
  private final int partition;

  FaultInjection(int epoch, int round, int partition) {
    this.epoch = epoch;
    this.round = round;
    this.partition = partition;
  }

  void check(int epochNow, int roundNow, int partitionNow) {
    TaskContext task = TaskContext.get();
    if (epochNow == epoch && roundNow == round && partitionNow == partition && task != null
        && task.attemptNumber() == 0) {
      INJECTED.incrementAndGet();
      throw new IllegalStateException("injected failure: epoch " + epoch + ", round " + round + ", partition "
          + partition + ", first attempt");
    }
  }
}
