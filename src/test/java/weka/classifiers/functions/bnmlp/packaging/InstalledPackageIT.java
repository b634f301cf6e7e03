package weka.classifiers.functions.bnmlp.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import weka.classifiers.functions.bnmlp.backend.CpuFeatures;
import weka.classifiers.functions.bnmlp.backend.MatrixLibraryChoice;
import weka.classifiers.functions.bnmlp.runtime.BuildInfo;

/**
 * The built package zip, installed with Weka's package manager into an empty WEKA_HOME and used
 * from new JVMs that have only weka.jar on the class path, as a user would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstalledPackageIT {

  private static final String CLASSIFIER = "weka.classifiers.functions.BatchNormMLP";
  private static final String DEAD_UNITS = "weka.classifiers.evaluation.output.prediction.DeadUnits";
  private static final String PLAIN_TEXT = "weka.classifiers.evaluation.output.prediction.PlainText";

  private Path work;

  private WekaInstallation weka;
  private Path zip;
  private Path iris;

  @BeforeAll
  void install(@TempDir Path directory) throws Exception {
    work = directory;
    Path target = Path.of("target").toAbsolutePath();
    zip = Path.of("dist", "batchNormMLP-" + BuildInfo.version() + ".zip").toAbsolutePath();
    assertTrue(Files.isRegularFile(zip), "package zip missing (mvn package builds it): " + zip);
    weka = new WekaInstallation(WekaInstallation.selfContainedWekaJar(target), work.resolve("wekafiles"));
    iris = work.resolve("iris.arff");
    try (InputStream in = getClass().getResourceAsStream("/weka/gui/knowledgeflow/templates/iris.arff")) {
      WekaInstallation.copy(in, iris);
    }
    WekaInstallation.Result installed = weka.java("weka.core.WekaPackageManager", "-offline", "-install-package",
        zip.toString());
    assertEquals(0, installed.exitCode, installed.toString());
    assertTrue(Files.isRegularFile(weka.packageDirectory().resolve("batchNormMLP.jar")), installed.toString());
    assertTrue(Files.isDirectory(weka.packageDirectory().resolve("lib")));
  }

  @Test
  @Order(1)
  void crossValidationFromTheCommandLineShowsTheDeadUnitTable() throws Exception {
    WekaInstallation.Result run = weka.java("weka.Run", CLASSIFIER, "-t", iris.toString(), "-x", "3",
        "-epochs", "20");
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.output.contains("Dead ReLU units on training data (150 instances)"), run.toString());
    assertTrue(run.output.contains("=== Stratified cross-validation ==="), run.toString());
    // the package holds ND4J's generic build only, which every x86-64 processor runs
    assertTrue(run.output.contains("Backend:    ND4J 1.0.0-M2.1 CpuBackend (linux-x86_64 generic build)"), run.toString());
    // the matrix library chosen for this processor loads inside Weka's package class loader
    MatrixLibraryChoice expected = MatrixLibraryChoice.decide(null, CpuFeatures.current(), true);
    String products = expected.library == MatrixLibraryChoice.Library.OPENBLAS ? "matrix products on OpenBLAS"
        : expected.isaCap == MatrixLibraryChoice.IsaCap.AVX512 ? "matrix products on oneDNN 2.5.2 avx512"
        : "matrix products on oneDNN 2.5.2 avx2";
    assertTrue(run.output.contains(products), products + " missing: " + run);
  }

  @Test
  @Order(1)
  void onAnAvx2OnlyProcessorTheInstalledPackageTrainsWithOneDnnsAvx2Kernels() throws Exception {
    assumeTrue(CpuFeatures.linuxFlags().containsAll(List.of("avx2", "fma")), "this host has no AVX2");
    assertTrainsWith("fpu,sse4_2,avx,avx2,fma,bmi2", "matrix products on oneDNN 2.5.2 avx2 (AVX2)");
  }

  @Test
  @Order(1)
  void onAProcessorWithoutAvx2TheInstalledPackageTrainsWithOpenBlasProducts() throws Exception {
    assertTrainsWith("fpu,sse2,sse4_2,popcnt", "matrix products on OpenBLAS");
  }

  /** The installed package, seeing a processor with {@code flags}, trains on the generic build and {@code products}. */
  private void assertTrainsWith(String flags, String products) throws Exception {
    WekaInstallation.Result run = weka.java("-Dbnmlp.cpuFlags=" + flags, "weka.Run", CLASSIFIER,
        "-t", iris.toString(), "-no-cv", "-epochs", "5");
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.output.contains("(linux-x86_64 generic build)"), run.toString());
    assertTrue(run.output.contains(products), run.toString());
  }

  @Test
  @Order(2)
  void deadUnitsOutputPrintsEveryFold() throws Exception {
    WekaInstallation.Result run = weka.java("weka.Run", CLASSIFIER, "-t", iris.toString(), "-x", "3",
        "-epochs", "5", "-classifications", DEAD_UNITS);
    assertEquals(0, run.exitCode, run.toString());
    for (String expected : new String[] {"fold 1 (50 instances)", "fold 3", "Summary over 3 folds"}) {
      assertTrue(run.output.contains(expected), expected + " missing: " + run);
    }
  }

  @Test
  @Order(3)
  void aSavedModelPredictsTheSameInANewJvm() throws Exception {
    Path model = work.resolve("bnmlp.model");
    WekaInstallation.Result trained = weka.java("weka.Run", CLASSIFIER, "-t", iris.toString(), "-T",
        iris.toString(), "-epochs", "10", "-bn", "after", "-activation", "leakyrelu", "-alpha", "0.2",
        "-d", model.toString(), "-classifications", PLAIN_TEXT + " -distribution");
    assertEquals(0, trained.exitCode, trained.toString());
    WekaInstallation.Result loaded = weka.java("weka.Run", CLASSIFIER, "-l", model.toString(), "-T",
        iris.toString(), "-classifications", PLAIN_TEXT + " -distribution");
    assertEquals(0, loaded.exitCode, loaded.toString());
    List<String> before = predictionLines(trained.output);
    assertEquals(150, before.size(), trained.toString());
    assertEquals(before, predictionLines(loaded.output));
  }

  private static List<String> predictionLines(String output) {
    return output.lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+:Iris.*")).collect(Collectors.toList());
  }

  @Test
  @Order(4)
  void theExplorersObjectEditorListsTheClassifierAndTheOutput() throws Exception {
    Path program = work.resolve("CheckGoe.java");
    try (InputStream in = getClass().getResourceAsStream("/it/CheckGoe.java")) {
      WekaInstallation.copy(in, program);
    }
    WekaInstallation.Result goe = weka.java(program.toString());
    assertEquals(0, goe.exitCode, goe.toString());
    assertTrue(goe.output.matches("(?s).*classifiers=[^\\n]*weka\\.classifiers\\.functions\\.BatchNormMLP.*"),
        goe.toString());
    assertTrue(goe.output.matches("(?s).*outputs=[^\\n]*" + DEAD_UNITS.replace(".", "\\.") + ".*"), goe.toString());
  }

  @Test
  @Order(5)
  void installingAgainOverAnExistingInstallWorks() throws Exception {
    WekaInstallation.Result again = weka.java("weka.core.WekaPackageManager", "-offline", "-install-package",
        zip.toString());
    assertEquals(0, again.exitCode, again.toString());
    WekaInstallation.Result run = weka.java("weka.Run", CLASSIFIER, "-t", iris.toString(), "-no-cv",
        "-epochs", "2");
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.output.contains("Dead ReLU units on training data"), run.toString());
  }

  @Test
  @Order(6)
  void uninstallRemovesIt() throws Exception {
    WekaInstallation.Result removed = weka.java("weka.core.WekaPackageManager", "-offline",
        "-uninstall-package", "batchNormMLP");
    assertEquals(0, removed.exitCode, removed.toString());
    assertFalse(Files.exists(weka.packageDirectory()), removed.toString());
    WekaInstallation.Result run = weka.java("weka.Run", CLASSIFIER, "-t", iris.toString(), "-no-cv");
    assertTrue(run.output.contains("Can't find scheme " + CLASSIFIER), run.toString());
    assertFalse(run.output.contains("Dead ReLU units"), run.toString());
  }
}
