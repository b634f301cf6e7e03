package weka.classifiers.functions.bnmlp.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Replicas kept in an executor's JVM between rounds, so that a partition's rows are copied into ND4J
 * once per training run rather than once per round. Only a cache: a task that finds no replica (a new
 * executor, a retry elsewhere) builds one from the cached block, with the same result.
 */
final class ReplicaCache {

  private static final Map<String, Replica> REPLICAS = new ConcurrentHashMap<>();

  private ReplicaCache() {
  }

  static Replica get(String run, int partition, Supplier<Replica> create) {
    String prefix = run + "/";
    REPLICAS.keySet().removeIf(k -> !k.startsWith(prefix)); // an earlier run's replicas are done
    return REPLICAS.computeIfAbsent(prefix + partition, k -> create.get());
  }

  static void forget(String run) {
    REPLICAS.keySet().removeIf(k -> k.startsWith(run + "/"));
  }

  static int size() {
    return REPLICAS.size();
  }
}
