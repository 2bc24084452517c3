package dev.jgan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The --device decision for every kind of host, with the device list faked. */
class DeviceSelectionTest {
  static final List<String> NONE = List.of();
  static final List<String> ONE = List.of("gpu:0");
  static final List<String> TWO = List.of("gpu:1", "gpu:0"); // order as found: sorted for use

  @Test
  void cpuNeverLooksAtTheHost() {
    for (boolean cuda : new boolean[] {false, true}) {
      for (List<String> gpus : List.of(NONE, ONE, TWO)) {
        DevicePlan plan = DeviceSelection.select("cpu", cuda, gpus);
        assertEquals(DevicePlan.Target.CPU, plan.target());
        assertEquals("/device:CPU:0", plan.device());
      }
    }
  }

  @Test
  void autoUsesTheFirstGpuOnlyWithACudaBuildAndAVisibleGpu() {
    DevicePlan cpuBuild = DeviceSelection.select("auto", false, TWO);
    assertEquals(DevicePlan.Target.CPU, cpuBuild.target());
    assertTrue(cpuBuild.reason().contains("CPU build"), cpuBuild.reason());

    DevicePlan noGpu = DeviceSelection.select("auto", true, NONE);
    assertEquals(DevicePlan.Target.CPU, noGpu.target());
    assertTrue(noGpu.reason().contains("no GPU visible"), noGpu.reason());

    DevicePlan gpu = DeviceSelection.select("auto", true, TWO);
    assertEquals(DevicePlan.Target.GPU, gpu.target());
    assertEquals(0, gpu.cudaOrdinal());
    assertEquals("/device:GPU:0", gpu.device());
  }

  @Test
  void gpuNPicksThatCudaDevice() {
    DevicePlan plan = DeviceSelection.select("gpu:1", true, TWO);
    assertEquals(DevicePlan.Target.GPU, plan.target());
    assertEquals(1, plan.cudaOrdinal());
    // Only that GPU is shown to TensorFlow, which then calls it GPU:0.
    assertEquals("/device:GPU:0", plan.device());
    assertTrue(plan.describe().contains("CUDA device 1"), plan.describe());

    assertEquals(0, DeviceSelection.select("gpu", true, TWO).cudaOrdinal());
    assertEquals(0, DeviceSelection.select("GPU:0", true, ONE).cudaOrdinal());
  }

  @Test
  void aGpuThatIsNotThereIsBadInputNamingWhatIs() {
    BadInputException one =
        assertThrows(BadInputException.class, () -> DeviceSelection.select("gpu:1", true, ONE));
    assertEquals(
        "--device gpu:1: only 1 GPU visible (gpu:0); use --device auto or cpu", one.getMessage());

    BadInputException two =
        assertThrows(BadInputException.class, () -> DeviceSelection.select("gpu:3", true, TWO));
    assertEquals(
        "--device gpu:3: only 2 GPUs visible (gpu:0, gpu:1); use --device auto or cpu",
        two.getMessage());

    for (String device : List.of("gpu", "gpu:0")) {
      BadInputException none =
          assertThrows(BadInputException.class, () -> DeviceSelection.select(device, true, NONE));
      assertTrue(
          none.getMessage().startsWith("--device " + device + ": no GPU visible"),
          none.getMessage());
      assertTrue(none.getMessage().endsWith("use --device auto or cpu"), none.getMessage());
    }
  }

  @Test
  void aGpuWithTheCpuBuildIsBadInputNamingTheFix() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> DeviceSelection.select("gpu:0", false, ONE));
    assertTrue(
        e.getMessage().startsWith("--device gpu:0: " + DeviceSelection.CPU_BUILD), e.getMessage());
    assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
  }

  @Test
  void malformedValuesAreBadInput() {
    for (String value : List.of("tpu", "gpu:", "gpu:-1", "gpu:x", "cuda:0", "", "gpu:12345")) {
      BadInputException e =
          assertThrows(
              BadInputException.class, () -> DeviceSelection.select(value, true, ONE), value);
      assertTrue(
          e.getMessage().startsWith("--device " + value + ": expected auto"), e.getMessage());
    }
  }

  @Test
  void requestsPrintAsTheyAreWritten() {
    assertEquals("auto", DeviceRequest.parse(" Auto ").toString());
    assertEquals("gpu", DeviceRequest.parse("gpu").toString());
    assertEquals("gpu:2", DeviceRequest.parse("gpu:2").toString());
    assertEquals(2, DeviceRequest.parse("gpu:2").ordinal());
    assertEquals(0, DeviceRequest.parse("gpu").ordinal());
  }
}
