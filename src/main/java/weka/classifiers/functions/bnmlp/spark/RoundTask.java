package weka.classifiers.functions.bnmlp.spark;

import java.util.Collections;
import java.util.Iterator;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.engine.TrainingState;

/** One round on one partition: its replica's next local steps from the broadcast state. */
final class RoundTask implements Function2<Integer, Iterator<EncodedBlock>, Iterator<PartialSum>> {

  private static final long serialVersionUID = 1L;

  private final String run;
  private final ModelSetup setup;
  private final Broadcast<TrainingState> start;
  private final int epoch;
  private final int round;
  private final int localSteps;
  private final int threads;
  private final FaultInjection fault;

  RoundTask(String run, ModelSetup setup, Broadcast<TrainingState> start, int epoch, int round, int localSteps,
      int threads, FaultInjection fault) {
    this.run = run;
    this.setup = setup;
    this.start = start;
    this.epoch = epoch;
    this.round = round;
    this.localSteps = localSteps;
    this.threads = threads;
    this.fault = fault;
  }

  @Override
  public Iterator<PartialSum> call(Integer partition, Iterator<EncodedBlock> blocks) {
    PartialSum sum = PartialSum.empty();
    while (blocks.hasNext()) {
      EncodedBlock block = blocks.next();
      if (block.rows == 0) {
        continue;
      }
      Nd4jRuntime.useThreads(threads);
      Replica replica = ReplicaCache.get(run, partition, () -> new Replica(setup, block, partition));
      sum = sum.plus(replica.round(start.value(), epoch, round, localSteps));
    }
    if (fault != null) {
      fault.check(epoch, round, partition);
    }
    return Collections.singletonList(sum).iterator();
  }
}
