package weka.classifiers.functions.bnmlp.runtime;

import java.io.File;
import java.util.Objects;
import java.util.Properties;

import org.bytedeco.javacpp.Loader;

import weka.classifiers.functions.bnmlp.backend.NativeBuildChoice;

/**
 * Hands the native-build choice to JavaCPP and reads back which build really loaded. JavaCPP reads
 * its platform properties once, when its {@code Loader} starts, and keeps them: a system property
 * set after that is never seen. So the property is set first, and should something in this JVM
 * have started JavaCPP already, the properties it keeps are corrected too.
 */
final class NativeBuild {

  private static final String KEY = "platform.extension";

  private NativeBuild() {
  }

  /** Makes JavaCPP load the chosen build; must run before ND4J loads its natives. */
  static void request(NativeBuildChoice choice) {
    // an empty value is a choice too (the generic build): unset, JavaCPP takes the first build it finds
    if (!choice.usersChoice) {
      System.setProperty(NativeBuildChoice.PROPERTY, choice.extension);
    }
    Properties kept = Loader.loadProperties();
    if (!Objects.equals(kept.getProperty(KEY), choice.extension)) {
      kept.setProperty(KEY, choice.extension);
    }
  }

  /** The folder of the ND4J CPU library that loaded, e.g. "linux-x86_64-avx2"; null before it loads. */
  static String loadedFolder() {
    String path = Loader.getLoadedLibraries().get("nd4jcpu");
    return path == null ? null : new File(path).getParentFile().getName();
  }
}
