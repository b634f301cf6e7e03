package weka.classifiers.functions.bnmlp.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts the build wrote into the jar: version, ND4J version, and the platforms whose natives it holds. */
public final class BuildInfo {

  private static final Properties PROPERTIES = load();

  private BuildInfo() {
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/weka/classifiers/functions/bnmlp/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the package's build.properties", e);
    }
    return p;
  }

  public static String version() {
    return PROPERTIES.getProperty("version", "unknown");
  }

  public static String nd4jVersion() {
    return PROPERTIES.getProperty("nd4j.version", "unknown");
  }

  /** Platforms (e.g. {@code linux-x86_64}) whose ND4J natives the package was built with. */
  public static String platforms() {
    return PROPERTIES.getProperty("platforms", "unknown");
  }

  /**
   * The message for a backend that failed to start: names this machine's platform and the
   * platforms the package holds, so that a user on an unsupported platform knows what to install.
   */
  static String backendFailure(String osName, String osArch, String packaged, Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "BatchNormMLP: ND4J " + nd4jVersion() + " could not start its native backend on this machine ("
        + osName + ", " + osArch + "). This batchNormMLP package holds native code for: " + packaged
        + ". Install the package built for your platform (see the package's docs/install.md). Cause: "
        + root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
  }
}
