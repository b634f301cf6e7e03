package weka.classifiers.functions.bnmlp.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import weka.classifiers.functions.bnmlp.runtime.BuildInfo;

/**
 * The Explorer in a real window (Xvfb when there is no display), with the package installed by
 * Weka's package manager: a user's session driven by ExplorerDriver, which also saves the
 * screenshots in docs/img. Skipped, saying so, where no display can be made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerGuiIT {

  private static final String DISPLAY_NUMBER = ":93";

  private Process xvfb;
  private Map<String, String> display;

  @BeforeAll
  void display() throws Exception {
    String existing = System.getenv("DISPLAY");
    if (existing != null && !existing.isEmpty()) {
      display = Collections.singletonMap("DISPLAY", existing);
      return;
    }
    boolean haveXvfb = new File("/usr/bin/Xvfb").canExecute() || new File("/usr/local/bin/Xvfb").canExecute();
    Assumptions.assumeTrue(haveXvfb, "GUI test skipped: no X display and no Xvfb (on Debian: apt-get install xvfb)");
    xvfb = new ProcessBuilder("Xvfb", DISPLAY_NUMBER, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    File socket = new File("/tmp/.X11-unix/X" + DISPLAY_NUMBER.substring(1));
    for (int i = 0; i < 100 && !socket.exists(); i++) {
      Thread.sleep(100);
    }
    Assumptions.assumeTrue(xvfb.isAlive() && socket.exists(), "GUI test skipped: Xvfb did not start");
    display = Collections.singletonMap("DISPLAY", DISPLAY_NUMBER);
  }

  @AfterAll
  void stopDisplay() throws Exception {
    if (xvfb != null) {
      xvfb.destroy();
      xvfb.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aUserTrainsBatchNormMlpInTheExplorerAndSeesTheDeadUnitTables(@TempDir Path work) throws Exception {
    Path zip = Path.of("dist", "batchNormMLP-" + BuildInfo.version() + ".zip").toAbsolutePath();
    WekaInstallation weka = new WekaInstallation(
        WekaInstallation.selfContainedWekaJar(Path.of("target").toAbsolutePath()), work.resolve("wekafiles"));
    WekaInstallation.Result installed = weka.java("weka.core.WekaPackageManager", "-offline", "-install-package",
        zip.toString());
    assertEquals(0, installed.exitCode, installed.toString());

    Path iris = work.resolve("iris.arff");
    try (InputStream in = getClass().getResourceAsStream("/weka/gui/knowledgeflow/templates/iris.arff")) {
      WekaInstallation.copy(in, iris);
    }
    Path driver = work.resolve("ExplorerDriver.java");
    try (InputStream in = getClass().getResourceAsStream("/it/ExplorerDriver.java")) {
      WekaInstallation.copy(in, driver);
    }
    Path shots = work.resolve("shots");
    WekaInstallation.Result run = weka.java(display, driver.toString(), iris.toString(), shots.toString());
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.output.contains("EDITED-OPTIONS: ") && run.output.contains("-bn after -activation leakyrelu")
        && run.output.contains("-epochs 20") && run.output.contains("-diagnostics"), run.toString());
    assertTrue(run.output.matches("(?s).*TREE-PLUGINS: \\[[^\\n]*weka\\.gui\\.visualize\\.plugins\\.DeadUnitsChart.*"),
        run.toString());
    assertTrue(run.output.contains("CHART-MENU-ITEM: Dead units per layer (chart)"), run.toString());
    String result = run.output.substring(run.output.indexOf("RESULT-BEGIN"));
    for (String expected : new String[] {"All-negative LeakyReLU units on training data (150 instances)",
        "=== Dead units on the evaluated data ===", "fold 5 (30 instances)", "Summary over 5 folds",
        "=== Stratified cross-validation ===", "Epochs trained: 20 of 20", "All-negative units per epoch"}) {
      assertTrue(result.contains(expected), expected + " missing from the Explorer's output:\n" + result);
    }
    assertTrue(run.output.matches("(?s).*PROGRESS: BatchNormMLP: epoch \\d+/100000, loss .*"), run.toString());
    assertTrue(run.output.contains("start-enabled=true"), "the Stop button did not end the run:\n" + run);
    String log = run.output.substring(run.output.indexOf("LOG-BEGIN"));
    assertTrue(log.contains("Interrupted") && !run.output.contains("Problem evaluating classifier"), run.toString());
    Path images = Path.of("docs", "img");
    Files.createDirectories(images);
    for (String name : new String[] {"explorer-object-editor.png", "explorer-result.png", "explorer-dead-units.png",
        "explorer-dead-units-chart.png"}) {
      Path shot = shots.resolve(name);
      assertTrue(Files.size(shot) > 10_000, "screenshot too small: " + shot);
      Files.copy(shot, images.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
