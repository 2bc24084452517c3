package dev.jgan.train.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.Update;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.train.TestModels;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/**
 * One builder for one device and for towers: each tower's losses and gradients are the
 * single-device step's, op type for op type, so the two can differ only in what the towers add
 * around them (splits, means, placement). The numbers are compared in TowersTest.
 */
class StepBuilderTest {
  private static final int BATCH = 8;
  private static final List<String> TWO = List.of("/device:CPU:0", "/device:CPU:0");

  @ParameterizedTest
  @EnumSource(Update.class)
  void eachTowerBuildsTheOneDeviceLossesAndGradients(Update update) {
    assertTowersMirrorOneDevice(TestModels.tinyMlp(), update);
  }

  @ParameterizedTest
  @EnumSource(
      value = Update.class,
      names = {"ALTERNATING"})
  void soDoesAConditionalModel(Update update) {
    assertTowersMirrorOneDevice(
        new MlpGan(TestModels.LATENT, ImageShape.MNIST, List.of(16), List.of(16), 10), update);
  }

  private static void assertTowersMirrorOneDevice(GanModel model, Update update) {
    GanGraph.Settings settings = TestModels.settings(3, update);
    try (Graph one = new Graph();
        Graph towers = new Graph()) {
      StepBuilder.oneDevice(one, model, settings, BATCH);
      StepBuilder.towers(towers, model, settings, BATCH, null, TWO, "/device:CPU:0");

      // One device: nothing split, averaged or scoped.
      assertFalse(any(one, n -> n.startsWith("tower") || n.startsWith("shards/")));
      assertFalse(any(one, n -> n.contains("gradients_mean")));

      Map<String, Integer> losses =
          types(one, n -> n.startsWith("losses/") && !n.contains("_metrics"));
      Map<String, Integer> gradients = types(one, n -> n.matches("^gradients(_[0-9]+)?/.*"));
      assertTrue(losses.containsKey("Mean"), losses.toString());
      assertTrue(gradients.containsKey("MatMul"), gradients.toString());
      for (int i = 0; i < 2; i++) {
        String tower = "tower" + i + "/";
        assertEquals(
            losses, types(towers, n -> n.startsWith(tower + "losses/")), "tower " + i + " losses");
        assertEquals(
            gradients,
            types(towers, n -> n.matches("^" + tower + "[dg]_gradients/.*")),
            "tower " + i + " gradients");
      }
    }
  }

  /** How many ops of each type have a name that {@code name} accepts. */
  private static Map<String, Integer> types(Graph graph, Predicate<String> name) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (name.test(op.name())) {
        counts.merge(op.type(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static boolean any(Graph graph, Predicate<String> name) {
    return !types(graph, name).isEmpty();
  }
}
