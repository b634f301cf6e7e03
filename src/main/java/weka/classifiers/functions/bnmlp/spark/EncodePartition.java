package weka.classifiers.functions.bnmlp.spark;

import java.util.Collections;
import java.util.Iterator;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import weka.classifiers.functions.bnmlp.data.InstanceEncoder;
import weka.core.Instance;
import weka.core.Instances;

/**
 * Encodes a partition's instances once, with the encoder fitted on the driver, into one block that
 * stays cached on the executor for every round; rows with a missing class are left out, as the Weka
 * classifier leaves them out.
 */
final class EncodePartition implements FlatMapFunction<Iterator<Instance>, EncodedBlock> {

  private static final long serialVersionUID = 1L;

  private final Instances header;
  private final Broadcast<InstanceEncoder> encoder;

  EncodePartition(Instances header, Broadcast<InstanceEncoder> encoder) {
    this.header = new Instances(header, 0);
    this.encoder = encoder;
  }

  @Override
  public Iterator<EncodedBlock> call(Iterator<Instance> rows) throws Exception {
    Instances part = new Instances(header, 0);
    int classIndex = header.classIndex();
    while (rows.hasNext()) {
      Instance row = rows.next();
      if (!row.isMissing(classIndex)) {
        part.add(row); // a copy, attached to this header
      }
    }
    InstanceEncoder e = encoder.value();
    int n = part.numInstances();
    EncodedBlock block = n == 0 ? new EncodedBlock(new float[0], new float[0], new float[0], 0)
        : new EncodedBlock(e.inputs(part), e.targets(part), InstanceEncoder.weights(part), n);
    return Collections.singletonList(block).iterator();
  }
}
