package weka.classifiers.functions.bnmlp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

import weka.classifiers.functions.bnmlp.backend.NativePlatform;

/** Our platform name agrees with JavaCPP's, and the report names the build that loaded. */
class NativeBuildTest {

  @Test
  void thePlatformIsNamedAsJavaCppNamesIt() {
    assertEquals(Loader.getPlatform(), NativePlatform.current());
  }

  @Test
  void theLoadedBuildIsReadFromWhatJavaCppLoaded() {
    Nd4jRuntime.get(() -> null);
    String folder = NativeBuild.loadedFolder();
    assertNotNull(folder);
    assertTrue(folder.startsWith(NativePlatform.current()), folder);
    assertTrue(Nd4jRuntime.describeBackend().contains("(" + folder), Nd4jRuntime.describeBackend());
  }
}
