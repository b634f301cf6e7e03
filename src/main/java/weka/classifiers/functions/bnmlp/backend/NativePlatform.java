package weka.classifiers.functions.bnmlp.backend;

import java.util.Locale;

/**
 * This machine's platform as JavaCPP names the folders of its native builds (e.g.
 * {@code linux-x86_64}), worked out from Java's own properties. Asking JavaCPP instead would load
 * its {@code Loader}, which reads and caches the build choice at that moment: the choice must be
 * made before anything touches JavaCPP.
 */
public final class NativePlatform {

  private NativePlatform() {
  }

  /** The platform of this JVM. */
  public static String current() {
    return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  /** e.g. ("Linux", "amd64") gives "linux-x86_64", ("Mac OS X", "aarch64") "macosx-arm64". */
  static String of(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT).replaceAll("\\s", "");
    if (os.startsWith("windows")) {
      os = "windows";
    } else if (os.startsWith("macosx") || os.startsWith("darwin")) {
      os = "macosx";
    } else if (os.startsWith("linux")) {
      os = "linux";
    }
    String arch = osArch.toLowerCase(Locale.ROOT);
    switch (arch) {
      case "amd64":
      case "x86-64":
      case "x64":
        arch = "x86_64";
        break;
      case "i386":
      case "i486":
      case "i586":
      case "i686":
        arch = "x86";
        break;
      case "aarch64":
      case "armv8":
        arch = "arm64";
        break;
      default:
        if (arch.startsWith("arm")) {
          arch = "armhf";
        }
    }
    return os + "-" + arch;
  }
}
