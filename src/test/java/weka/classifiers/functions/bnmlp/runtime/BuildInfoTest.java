package weka.classifiers.functions.bnmlp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

  @Test
  void buildPropertiesAreFilledByTheBuild() {
    assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.version());
    assertEquals("1.0.0-M2.1", BuildInfo.nd4jVersion());
    assertTrue(BuildInfo.platforms().contains("linux-x86_64"), BuildInfo.platforms());
  }

  @Test
  void unsupportedPlatformMessageNamesThePlatformAndWhatThePackageHolds() {
    Throwable cause = new ExceptionInInitializerError(
        new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"));
    String message = BuildInfo.backendFailure("FreeBSD", "riscv64", "linux-x86_64", cause);
    assertTrue(message.contains("(FreeBSD, riscv64)"), message);
    assertTrue(message.contains("holds native code for: linux-x86_64"), message);
    assertTrue(message.contains("UnsatisfiedLinkError: no jnind4jcpu"), message);
  }
}
