package dev.jgan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** The ConfigProto each device plan becomes, and that TensorFlow accepts it. */
class SessionOptionsTest {

  @Test
  void cpuHidesEveryGpu() {
    ConfigProto c = new SessionOptions(DevicePlan.cpu("test"), false).configProto();
    assertEquals(0, c.getDeviceCountOrThrow("GPU"));
    assertTrue(c.getAllowSoftPlacement());
    assertFalse(c.getLogDevicePlacement());
  }

  @Test
  void gpuShowsOnlyThatGpuAndGrowsItsMemory() {
    ConfigProto c = new SessionOptions(DevicePlan.gpu(2, "test"), true).configProto();
    assertEquals("2", c.getGpuOptions().getVisibleDeviceList());
    assertTrue(c.getGpuOptions().getAllowGrowth());
    assertTrue(c.getAllowSoftPlacement(), "ops without a GPU kernel must fall back to the CPU");
    assertTrue(c.getLogDevicePlacement());
    assertFalse(c.containsDeviceCount("GPU"));
  }

  @Test
  void theDefaultLeavesPlacementToTensorFlowButGrowsMemory() {
    ConfigProto c = new SessionOptions(DevicePlan.tensorFlowDefault(), false).configProto();
    assertEquals("", c.getGpuOptions().getVisibleDeviceList());
    assertTrue(c.getGpuOptions().getAllowGrowth());
    assertFalse(c.containsDeviceCount("GPU"));
    assertEquals(0, c.getIntraOpParallelismThreads());
  }

  @Test
  void aSessionWithTheCpuPlanRunsAndListsOnlyTheCpu() {
    SessionOptions options = new SessionOptions(DevicePlan.cpu("test"), false);
    try (Graph g = new Graph();
        Session s = options.newSession(g)) {
      Ops tf = Ops.create(g);
      var sum = tf.math.add(tf.constant(1f), tf.constant(2f));
      try (Result r = s.runner().fetch(sum).run()) {
        assertEquals(3f, ((TFloat32) r.get(0)).getFloat());
      }
    }
    List<NativeRuntime.Device> devices = NativeRuntime.listDevices(options.configProto());
    assertEquals(List.of(), NativeRuntime.gpuNames(devices));
    assertTrue(devices.stream().anyMatch(d -> d.type().equals("CPU")), devices.toString());
  }

  @Test
  void gpuNamesUseTensorFlowsNumbers() {
    List<NativeRuntime.Device> devices =
        List.of(
            new NativeRuntime.Device("/job:localhost/replica:0/task:0/device:CPU:0", "CPU", 1),
            new NativeRuntime.Device("/job:localhost/replica:0/task:0/device:GPU:0", "GPU", 1),
            new NativeRuntime.Device("/job:localhost/replica:0/task:0/device:GPU:1", "GPU", 1));
    assertEquals(List.of("gpu:0", "gpu:1"), NativeRuntime.gpuNames(devices));
  }
}
