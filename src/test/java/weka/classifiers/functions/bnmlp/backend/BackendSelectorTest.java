package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import weka.classifiers.functions.bnmlp.options.BackendRequest;

/** The backend decision table, with the GPU probe replaced by fixtures (this machine has no GPU). */
class BackendSelectorTest {

  private static GpuProbe gpu(String name, int major, int minor, String driver) {
    return () -> GpuProbe.Result.found(Arrays.asList(new GpuInfo(name, major, minor, driver)));
  }

  private static final GpuProbe AMPERE = gpu("NVIDIA A100-SXM4-40GB", 8, 0, "525.85.12");
  private static final GpuProbe ADA = gpu("NVIDIA L4", 8, 9, "535.104.05");
  private static final GpuProbe HOPPER = gpu("NVIDIA H100 80GB HBM3", 9, 0, "535.104.05");
  private static final GpuProbe FERMI_ERA = gpu("Tesla K10.G1.8GB", 3, 0, "470.57.02");
  private static final GpuProbe KEPLER_K80 = gpu("Tesla K80", 3, 7, "470.57.02");
  private static final GpuProbe OLD_DRIVER = gpu("Tesla T4", 7, 5, "418.87.01");
  private static final GpuProbe NO_DRIVER = () -> GpuProbe.Result.failed(
      "no NVIDIA driver found (nvidia-smi is not installed or not on the PATH)");
  private static final GpuProbe NO_GPU = () -> GpuProbe.Result.found(java.util.Collections.emptyList());
  private static final GpuProbe MUST_NOT_RUN = () -> fail("the probe must not run when CUDA is not installed");

  @Test
  void cpuIsAlwaysCpuAndSaysWhenItOverridesAnInstalledCuda() throws Exception {
    assertEquals(BackendDecision.Backend.CPU, BackendSelector.decide(BackendRequest.CPU, false, MUST_NOT_RUN).backend);
    BackendDecision forced = BackendSelector.decide(BackendRequest.CPU, true, MUST_NOT_RUN);
    assertEquals(BackendDecision.Backend.CPU, forced.backend);
    assertTrue(forced.reason.contains("CPU forced although the CUDA backend is installed"), forced.reason);
  }

  @Test
  void autoWithoutTheCudaPackageIsCpuWithoutProbing() throws Exception {
    BackendDecision d = BackendSelector.decide(BackendRequest.AUTO, false, MUST_NOT_RUN);
    assertEquals(BackendDecision.Backend.CPU, d.backend);
    assertEquals("auto: CUDA backend not installed", d.reason);
  }

  @Test
  void cudaWithoutTheCudaPackageNamesThePackageToInstall() {
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> BackendSelector.decide(BackendRequest.CUDA, false, MUST_NOT_RUN));
    assertTrue(e.getMessage().contains("the CUDA backend is not installed") && e.getMessage().contains("batchNormMLP-cuda"),
        e.getMessage());
    assertTrue(e.getMessage().contains("docs/backends.md"), "the folder is docs/: " + e.getMessage());
  }

  @Test
  void supportedGpusRunCuda() throws Exception {
    for (GpuProbe probe : new GpuProbe[] {AMPERE, ADA, KEPLER_K80}) {
      assertEquals(BackendDecision.Backend.CUDA, BackendSelector.decide(BackendRequest.AUTO, true, probe).backend);
      assertEquals(BackendDecision.Backend.CUDA, BackendSelector.decide(BackendRequest.CUDA, true, probe).backend);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "hopper     | compute capability 9.0; ND4J 1.0.0-M2.1's CUDA 11.6 build holds GPU code for compute capabilities 3.7 to 8.6 only and no PTX",
      "fermi-era  | compute capability 3.0; ND4J's CUDA 11.6 build needs 3.7 or newer",
      "old-driver | the NVIDIA driver 418.87.01 is too old; ND4J's CUDA 11.6 build needs 450.80.02 or newer",
      "no-driver  | no NVIDIA driver found",
      "no-gpu     | no NVIDIA GPU found"})
  void unusableGpusAreRefusedForCudaAndFallBackToCpuForAuto(String fixture, String message) throws Exception {
    GpuProbe probe = fixture.equals("hopper") ? HOPPER : fixture.equals("fermi-era") ? FERMI_ERA
        : fixture.equals("old-driver") ? OLD_DRIVER : fixture.equals("no-driver") ? NO_DRIVER : NO_GPU;
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> BackendSelector.decide(BackendRequest.CUDA, true, probe));
    assertTrue(e.getMessage().startsWith("-backend cuda: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().endsWith("Use -backend cpu."), e.getMessage());
    BackendDecision auto = BackendSelector.decide(BackendRequest.AUTO, true, probe);
    assertEquals(BackendDecision.Backend.CPU, auto.backend);
    assertTrue(auto.reason.startsWith("auto: CUDA not usable: ") && auto.reason.contains(message), auto.reason);
  }

  @Test
  void driverVersionsCompareNumerically() {
    assertTrue(BackendSelector.compareVersions("470.57.02", "450.80.02") > 0);
    assertTrue(BackendSelector.compareVersions("450.80.02", "450.80.02") == 0);
    assertTrue(BackendSelector.compareVersions("450.9", "450.80.02") < 0);
    assertTrue(BackendSelector.compareVersions("1000.1", "999.99") > 0);
  }
}
