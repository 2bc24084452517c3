package dev.jgan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

class ClusterSpecTest {
  @Test
  void tfConfigGivesTheClusterTheTaskAndOneTowerPerWorker() {
    ClusterSpec.Config config =
        ClusterSpec.fromTfConfig(
            "{\"cluster\": {\"chief\": [\"a:1\"], \"worker\": [\"b:2\", \"c:3\"]},"
                + " \"task\": {\"type\": \"worker\", \"index\": 1}}");
    assertEquals(new ClusterSpec.Task("worker", 1), config.task());
    assertEquals("c:3", config.cluster().address(config.task()));
    TowerDevices towers = config.cluster().towers();
    assertEquals(
        List.of("/job:worker/replica:0/task:0", "/job:worker/replica:0/task:1"), towers.devices());
    assertEquals("/job:chief/replica:0/task:0/device:CPU:0", towers.parameterDevice());
    assertEquals(2, config.cluster().clusterDef().getJobCount());
  }

  @Test
  void badClustersAndTasksAreBadInput() {
    for (String bad :
        List.of(
            "{\"cluster\": {\"worker\": [\"b:2\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}",
            "{\"cluster\": {\"chief\": [\"a:1\"], \"worker\": [\"b:2\"]}, \"task\": {\"type\":"
                + " \"worker\", \"index\": 1}}",
            "{\"cluster\": {\"chief\": [\"a:1\"], \"worker\": [\"b:99999\"]}, \"task\": {\"type\":"
                + " \"chief\"}}",
            "{\"cluster\": {\"chief\": [\"a:1\"], \"worker\": [\"a:1\"]}, \"task\": {\"type\":"
                + " \"chief\"}}",
            "{\"cluster\": [], \"task\": {}}",
            "not json")) {
      assertThrows(BadInputException.class, () -> ClusterSpec.fromTfConfig(bad), bad);
    }
  }

  @Test
  void deviceListsParseAndVirtualCpusReachTheConfig() {
    TowerDevices cpus = TowerDevices.parse("cpu:0,cpu:1", List::of);
    assertEquals(List.of("/device:CPU:0", "/device:CPU:1"), cpus.devices());
    ConfigProto config =
        new SessionOptions(DevicePlan.cpu("test"), false).withTowers(cpus).configProto();
    assertEquals(2, config.getDeviceCountOrThrow("CPU"));
    TowerDevices gpus = TowerDevices.parse("gpu:2,gpu:0", List::of);
    assertEquals(List.of("/device:GPU:0", "/device:GPU:1"), gpus.devices());
    assertEquals(
        "2,0",
        new SessionOptions(DevicePlan.tensorFlowDefault(), false)
            .withTowers(gpus)
            .configProto()
            .getGpuOptions()
            .getVisibleDeviceList());
    assertEquals(4, cpus.shard(8));
    BadInputException uneven = assertThrows(BadInputException.class, () -> cpus.shard(7));
    assertTrue(uneven.getMessage().contains("multiple of 2"), uneven.getMessage());
    assertThrows(BadInputException.class, () -> TowerDevices.parse("all", List::of));
  }
}
