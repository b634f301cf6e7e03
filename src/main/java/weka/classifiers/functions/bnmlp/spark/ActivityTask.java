package weka.classifiers.functions.bnmlp.spark;

import java.util.Collections;
import java.util.Iterator;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;
import weka.classifiers.functions.bnmlp.engine.MlpEngine;
import weka.classifiers.functions.bnmlp.runtime.Nd4jRuntime;
import weka.classifiers.functions.bnmlp.engine.Snapshot;

/** The trained network's unit activity on one partition's rows, for the dead-unit table of the whole. */
final class ActivityTask implements FlatMapFunction<Iterator<EncodedBlock>, UnitActivity> {

  private static final long serialVersionUID = 1L;

  private final ModelSetup setup;
  private final Broadcast<Snapshot> trained;
  private final int threads;

  ActivityTask(ModelSetup setup, Broadcast<Snapshot> trained, int threads) {
    this.setup = setup;
    this.trained = trained;
    this.threads = threads;
  }

  @Override
  public Iterator<UnitActivity> call(Iterator<EncodedBlock> blocks) {
    MlpEngine engine = null;
    UnitActivity sum = null;
    while (blocks.hasNext()) {
      EncodedBlock block = blocks.next();
      if (block.rows == 0) {
        continue;
      }
      if (engine == null) {
        Nd4jRuntime.useThreads(threads);
        engine = setup.newEngine();
        engine.restore(trained.value());
      }
      UnitActivity a = engine.unitActivity(block.inputs, block.rows);
      sum = sum == null ? a : sum.plus(a);
    }
    return sum == null ? Collections.emptyIterator() : Collections.singletonList(sum).iterator();
  }
}
