package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing of nvidia-smi's answers, from fixtures in the formats drivers print. */
class NvidiaSmiProbeTest {

  @Test
  void readsNameCapabilityAndDriverOfEveryGpu() {
    GpuProbe.Result r = NvidiaSmiProbe.parse("NVIDIA H100 80GB HBM3, 9.0, 535.104.05\n"
        + "NVIDIA GeForce RTX 3090, 8.6, 535.104.05\n", 0);
    assertNull(r.failure);
    assertEquals(2, r.gpus.size());
    assertEquals("NVIDIA H100 80GB HBM3", r.gpus.get(0).name);
    assertEquals(9, r.gpus.get(0).major);
    assertEquals(0, r.gpus.get(0).minor);
    assertEquals("8.6", r.gpus.get(1).capability());
    assertEquals("535.104.05", r.gpus.get(1).driverVersion);
  }

  @Test
  void unknownCapabilityIsKeptAsUnknown() {
    GpuProbe.Result r = NvidiaSmiProbe.parse("Tesla K80, [N/A], 470.57.02", 0);
    assertEquals(1, r.gpus.size());
    assertTrue(!r.gpus.get(0).capabilityKnown());
  }

  @Test
  void driversTooOldForTheComputeCapabilityFieldSaySo() {
    GpuProbe.Result r = NvidiaSmiProbe.parse("Field \"compute_cap\" is not a valid field to query.\n", 2);
    assertTrue(r.failure.contains("too old to report compute capabilities"), r.failure);
  }

  @Test
  void aFailingNvidiaSmiIsReportedWithItsMessage() {
    GpuProbe.Result r = NvidiaSmiProbe.parse("NVIDIA-SMI has failed because it couldn't communicate with the "
        + "NVIDIA driver.", 9);
    assertTrue(r.failure.startsWith("nvidia-smi failed (exit 9): NVIDIA-SMI has failed"), r.failure);
  }

  @Test
  void onThisMachineWithoutADriverTheProbeFailsCleanly() {
    GpuProbe.Result r = new NvidiaSmiProbe().probe();
    // no GPU machine here: either no nvidia-smi, or a driver that lists GPUs; never an exception
    assertTrue(r.failure != null || r.gpus != null);
  }
}
