package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.Update;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.DcGan;
import dev.jgan.runtime.TowerPlacement;
import dev.jgan.train.batches.ResidentSetIndices;
import dev.jgan.train.graph.GanGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a tower's ops run, read from TensorFlow's step stats of traced training steps: every op of
 * tower i, its gradients included (which the C API builds without a device), ran on device i.
 */
class TowerPlacementTest {
  @Test
  void everyOpOfTowerIRunsOnDeviceIGradientsIncluded() {
    ImageDataset data = TrainRunTest.stripes(40);
    // dcgan: convolutions, dropout and its own gradients; one-pass runs D's and G's update in one.
    GanGraph.Settings settings = TestModels.settings(5, Update.ALTERNATING);
    List<RunMetadata> traces = new ArrayList<>();
    try (GanSession s =
        new GanSession(
            new DcGan(TestModels.LATENT, 0.4f), settings, 4, data, TowersTest.twoTowers())) {
      s.traceSteps(traces::add);
      s.trainStep(0, new ResidentSetIndices(data.size(), 4, 5, 0).next());
    }
    assertEquals(2, traces.size(), "an alternating step is two runs");
    // tower -> device -> how many of its ops ran there
    Map<Integer, Map<String, Integer>> seen = new TreeMap<>();
    int gradients[] = new int[2];
    for (RunMetadata trace : traces) {
      for (DeviceStepStats device : trace.getStepStats().getDevStatsList()) {
        for (NodeExecStats node : device.getNodeStatsList()) {
          int tower = TowerPlacement.towerOf(node.getNodeName());
          if (tower < 0) {
            continue;
          }
          seen.computeIfAbsent(tower, t -> new TreeMap<>())
              .merge(shortName(device.getDevice()), 1, Integer::sum);
          if (node.getNodeName().contains("_gradients/")) {
            gradients[tower]++;
          }
        }
      }
    }
    assertEquals(Map.of("CPU:0", seen.get(0).get("CPU:0")), seen.get(0), "tower 0: " + seen);
    assertEquals(Map.of("CPU:1", seen.get(1).get("CPU:1")), seen.get(1), "tower 1: " + seen);
    assertTrue(
        gradients[0] > 50 && gradients[1] > 50,
        "gradient ops traced: " + gradients[0] + ", " + gradients[1]);
  }

  private static String shortName(String device) {
    return device.substring(device.lastIndexOf("device:") + "device:".length());
  }
}
