package weka.classifiers.functions.bnmlp.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import weka.classifiers.functions.bnmlp.cpu.CpuKernels;
import weka.classifiers.functions.bnmlp.diagnostics.UnitActivity;

/**
 * Prediction chunk by chunk with buffers kept between calls: each thread takes the next chunk of
 * rows, encodes it, runs it through all layers of the {@link FoldedNetwork} (shared parameters, own
 * activation buffers) and hands it on, so no thread waits for the whole set to be encoded and a
 * thread slowed down by the rest of the machine simply does fewer chunks. Over several threads, each
 * runs single-threaded kernels and there is no barrier inside a chunk; on the calling thread alone,
 * the kernels may split each step over their own threads. Every chunk is computed the same way on any
 * thread, so predictions do not depend on how chunks were shared out.
 */
final class ChunkPipeline {

  /** Runs the threads (their steps run on each runner's own kernels). */
  private final CpuKernels team;
  private final FoldedNetwork.Runner[] runners;
  /** Per thread; a pipeline serves one network, so only the row count varies. */
  private final List<RecentBySize<Buffers>> buffers = new ArrayList<>();
  /** The folding the runners' kernels have seen the weights of. */
  private FoldedNetwork seen;

  private ChunkPipeline(CpuKernels team, FoldedNetwork.Runner[] runners, int inputs, int outputs) {
    this.team = team;
    this.runners = runners;
    for (FoldedNetwork.Runner runner : runners) {
      buffers.add(new RecentBySize<>(rows -> {
        runner.release(); // the buffers of a size no longer kept may go
        return new Buffers(rows, inputs, outputs);
      }));
    }
  }

  /**
   * Over {@code threads} threads, each running single-threaded kernels like {@code kernels}, for a
   * network of {@code inputs} inputs and {@code outputs} outputs.
   */
  static ChunkPipeline overThreads(int threads, CpuKernels kernels, int inputs, int outputs) {
    FoldedNetwork.Runner[] runners = new FoldedNetwork.Runner[threads];
    for (int i = 0; i < threads; i++) {
      runners[i] = new FoldedNetwork.Runner(kernels.singleThreaded());
    }
    return new ChunkPipeline(kernels, runners, inputs, outputs);
  }

  /** On the calling thread, with {@code kernels} as they are (split over their threads if large). */
  static ChunkPipeline onCallingThread(CpuKernels kernels, int inputs, int outputs) {
    return new ChunkPipeline(kernels, new FoldedNetwork.Runner[] {new FoldedNetwork.Runner(kernels)}, inputs,
        outputs);
  }

  int threads() {
    return runners.length;
  }

  /**
   * Predictions for {@code rows} rows that each thread takes from {@code source} chunk by chunk,
   * encoding, predicting and handing to {@code sink} its own chunks: no thread waits for the whole
   * set to be encoded, and no thread converts all the results at the end.
   */
  void predict(FoldedNetwork network, int rows, RowSource source, int chunkRows, RowSink sink) {
    run(network, rows, source, chunkRows, sink, null);
  }

  /**
   * The hidden units' activity over {@code rows} rows from {@code source}, counted as the threads
   * predict their chunks (whose outputs are dropped).
   */
  UnitActivity activity(FoldedNetwork network, int rows, RowSource source, int chunkRows) {
    ActivityTally[] tallies = new ActivityTally[runners.length];
    for (int i = 0; i < tallies.length; i++) {
      tallies[i] = network.newTally();
    }
    run(network, rows, source, chunkRows, (from, to, outputs) -> { }, tallies);
    for (int i = 1; i < tallies.length; i++) {
      tallies[0].add(tallies[i]);
    }
    return tallies[0].activity();
  }

  /** Predicts as {@link #predict} does; each thread also counts into its own tally, unless {@code tallies} is null. */
  private void run(FoldedNetwork network, int rows, RowSource source, int chunkRows, RowSink sink,
      ActivityTally[] tallies) {
    int chunks = (rows + chunkRows - 1) / chunkRows;
    AtomicInteger next = new AtomicInteger();
    if (network != seen) {
      // the weights of an earlier folding may go; the kernels otherwise keep their views of the
      // arrays between calls, because a call that makes them anew takes paths the JIT compiled
      // away in training, and recompiles the kernels during the prediction
      for (FoldedNetwork.Runner runner : runners) {
        runner.release();
      }
      seen = network;
    }
    team.onThreads(runners.length, (part, parts) -> {
      FoldedNetwork.Runner runner = runners[part];
      RecentBySize<Buffers> mine = buffers.get(part);
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        int from = c * chunkRows;
        int n = Math.min(rows, from + chunkRows) - from;
        Buffers b = mine.get(n);
        source.rows(from, from + n, b.values);
        b.inMemory.put(b.values, 0, b.values.length); // one native copy each way
        runner.predict(network, b.in, b.out, tallies == null ? null : tallies[part]);
        b.outMemory.get(b.predictions, 0, b.predictions.length);
        sink.rows(from, from + n, b.predictions);
      }
    });
  }

  /** One thread's chunk of inputs and outputs, natively and on the heap. */
  private static final class Buffers {
    final INDArray in;
    final INDArray out;
    final FloatPointer inMemory;
    final FloatPointer outMemory;
    final float[] values;
    final float[] predictions;

    Buffers(int rows, int inputs, int outputs) {
      in = Nd4j.create(DataType.FLOAT, new long[] {rows, inputs}, 'c');
      out = Nd4j.create(DataType.FLOAT, new long[] {rows, outputs}, 'c');
      inMemory = new FloatPointer(in.data().addressPointer());
      outMemory = new FloatPointer(out.data().addressPointer());
      values = new float[rows * inputs];
      predictions = new float[rows * outputs];
    }
  }
}
