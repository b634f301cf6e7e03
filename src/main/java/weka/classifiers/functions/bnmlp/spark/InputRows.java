package weka.classifiers.functions.bnmlp.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import weka.core.Instance;
import weka.core.Instances;
import weka.core.converters.ArffLoader.ArffReader;
import weka.core.converters.CSVLoader;

/**
 * Training data from a file on any file system Spark reads (local, HDFS, S3...), as rows and their
 * header. ARFF: the driver reads the header only, the executors parse their splits' data lines.
 * CSV with a header line: the driver reads the file with Weka's CSVLoader (it needs a pass over the
 * data to learn the attribute types) and distributes the rows, so it must fit the driver.
 */
public final class InputRows {

  public final Instances header;
  public final JavaRDD<Instance> rows;

  private InputRows(Instances header, JavaRDD<Instance> rows) {
    this.header = header;
    this.rows = rows;
  }

  /**
   * @param classIndex 0-based class attribute, or -1 for the last
   * @param partitions the number of partitions (and so of replicas) to train with
   */
  public static InputRows read(JavaSparkContext sc, String file, int classIndex, int partitions) throws Exception {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
    if (file.toLowerCase().endsWith(".csv")) {
      Instances data;
      try (InputStream in = fs.open(path)) {
        CSVLoader loader = new CSVLoader();
        loader.setSource(in);
        data = loader.getDataSet();
      }
      setClass(data, classIndex);
      return new InputRows(new Instances(data, 0), sc.parallelize(new ArrayList<Instance>(data), partitions));
    }
    Instances header;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
      header = new ArffReader(in, 1).getStructure(); // stops after @data
    }
    setClass(header, classIndex);
    JavaRDD<String> lines = sc.textFile(file, partitions);
    if (lines.getNumPartitions() != partitions) {
      lines = lines.repartition(partitions);
    }
    Instances template = header;
    return new InputRows(header, lines.mapPartitions(part -> parse(template, part)));
  }

  private static void setClass(Instances data, int classIndex) {
    data.setClassIndex(classIndex < 0 ? data.numAttributes() - 1 : classIndex);
  }

  /** The data lines among a split's lines (the header's lines, comments and blanks are skipped). */
  static Iterator<Instance> parse(Instances header, Iterator<String> lines) throws IOException {
    StringBuilder data = new StringBuilder();
    while (lines.hasNext()) {
      String line = lines.next();
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("%") || t.startsWith("@")) {
        continue;
      }
      data.append(line).append('\n');
    }
    ArffReader reader = new ArffReader(new StringReader(data.toString()), header, 0, 1);
    List<Instance> rows = new ArrayList<>();
    for (Instance row = reader.readInstance(header); row != null; row = reader.readInstance(header)) {
      rows.add(row);
    }
    return rows.iterator();
  }
}
