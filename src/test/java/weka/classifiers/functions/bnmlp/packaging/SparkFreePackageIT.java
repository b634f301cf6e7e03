package weka.classifiers.functions.bnmlp.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.runtime.BuildInfo;

/**
 * The Weka package zip holds no Spark: Spark and what comes only with it (Scala, Hadoop's client,
 * distributedWekaBase for the tests) are provided by the cluster, not shipped to Weka users; the
 * Spark trainer's own classes are in the package jar and need none of it to load in Weka.
 */
class SparkFreePackageIT {

  /** Jars of Spark, Scala, Hadoop and distributedWeka, by file name. */
  static final Pattern CLUSTER_JARS = Pattern.compile(
      "lib/(spark-|scala-|hadoop-|distributedWeka|py4j|json4s|chill|kryo|avro|parquet|orc-|arrow-|breeze).*\\.jar");

  @Test
  void theZipHasNoSparkJar() throws Exception {
    Path zip = Path.of("dist", "batchNormMLP-" + BuildInfo.version() + ".zip");
    assertTrue(Files.exists(zip), "build the package first (mvn package): " + zip.toAbsolutePath());
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<String> names = z.stream().map(e -> e.getName()).collect(Collectors.toList());
      assertTrue(names.stream().anyMatch(n -> n.startsWith("lib/nd4j-native")), "the zip's lib/ is where jars are: " + names);
      List<String> cluster = names.stream().filter(n -> CLUSTER_JARS.matcher(n).matches()).collect(Collectors.toList());
      assertTrue(cluster.isEmpty(), "jars that belong to the cluster, not the Weka package: " + cluster);
      assertTrue(names.contains("src/main/java/weka/classifiers/functions/bnmlp/spark/SparkMlpTrainer.java"));
    }
    // lib/, and the Weka the installed-package tests run (so they show the package works without Spark)
    for (Path dir : new Path[] {Path.of("lib"), Path.of("target", "weka")}) {
      try (java.util.stream.Stream<Path> files = Files.list(dir)) {
        List<String> jars = files.map(p -> "lib/" + p.getFileName()).collect(Collectors.toList());
        assertFalse(jars.stream().anyMatch(n -> CLUSTER_JARS.matcher(n).matches()), dir + ": " + jars);
      }
    }
  }
}
