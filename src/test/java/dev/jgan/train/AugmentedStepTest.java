package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.Augment;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.config.Update;
import dev.jgan.data.ImageDataset;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.train.batches.ResidentSetIndices;
import dev.jgan.train.graph.GanGraph;
import dev.jgan.train.graph.StepBuilder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;

/**
 * The training step with DiffAugment (docs/DESIGN.md, "Augmentation"): every application of D sees
 * T(x) or T(G(z)) in each step shape and tower, G's gradient flows through T, and the samples do
 * not pass it.
 */
class AugmentedStepTest {
  private static final int BATCH = 8;
  private static final List<Augment> ALL =
      List.of(Augment.COLOR, Augment.TRANSLATION, Augment.CUTOUT);

  /**
   * G and D both move, and not as the plain step moves them: D's loss is on T(x) and T(G(z)), and
   * G's gradient comes through T (a G update that went around T would equal the plain one).
   */
  @ParameterizedTest
  @EnumSource(Update.class)
  void bothNetworksLearnThroughTheAugmentationInEveryStepShape(Update update) {
    assertAugmentedStepsTrain(update, TowersTest.oneDevice());
  }

  /** Each tower augments its own shard (its ops on its device) with draws of its own. */
  @ParameterizedTest
  @EnumSource(Update.class)
  void soDoTwoTowers(Update update) {
    assertAugmentedStepsTrain(update, TowersTest.twoTowers());
    try (Graph graph = new Graph()) {
      StepBuilder.towers(
          graph,
          TestModels.tinyMlp(),
          TestModels.settings(3, update).withAugment(ALL),
          BATCH,
          null,
          List.of("/device:CPU:0", "/device:CPU:0"),
          "/device:CPU:0");
      for (String tower : List.of("tower0/", "tower1/")) {
        for (String batch : List.of("augment_real/", "augment_fake/")) {
          assertTrue(has(graph, tower + batch + "cutout/"), tower + batch);
        }
      }
      assertFalse(has(graph, "augment_"), "augmentation lives in the towers");
    }
  }

  private static void assertAugmentedStepsTrain(Update update, SessionOptions devices) {
    ImageDataset data = TrainRunTest.stripes(40);
    GanGraph.Settings plain = TestModels.settings(3, update);
    try (GanSession augmented =
            new GanSession(TestModels.tinyMlp(), plain.withAugment(ALL), BATCH, data, devices);
        GanSession reference = new GanSession(TestModels.tinyMlp(), plain, BATCH, data, devices)) {
      GanGraph g = augmented.graph();
      Map<String, float[]> gBefore = augmented.values(g.generatorVariables);
      Map<String, float[]> dBefore = augmented.values(g.discriminatorVariables);
      ResidentSetIndices a = new ResidentSetIndices(data.size(), BATCH, 3, 0);
      ResidentSetIndices b = new ResidentSetIndices(data.size(), BATCH, 3, 0);
      for (int step = 0; step < 2; step++) {
        StepResult x = augmented.trainStep(step, a.next());
        StepResult y = reference.trainStep(step, b.next());
        for (float figure : new float[] {x.dLoss(), x.gLoss(), x.dReal(), x.dFake()}) {
          assertTrue(Float.isFinite(figure), x.toString());
        }
        assertNotEquals(y.dLoss(), x.dLoss(), "D saw other images");
      }
      Map<String, float[]> gAfter = augmented.values(g.generatorVariables);
      Map<String, float[]> dAfter = augmented.values(g.discriminatorVariables);
      Map<String, float[]> gPlain = reference.values(reference.graph().generatorVariables);
      gBefore.forEach(
          (name, value) -> {
            assertFalse(Arrays.equals(value, gAfter.get(name)), name + " did not move");
            assertFalse(Arrays.equals(gPlain.get(name), gAfter.get(name)), name + " as plain");
          });
      dBefore.forEach(
          (name, value) ->
              assertFalse(Arrays.equals(value, dAfter.get(name)), name + " did not move"));
    }
  }

  /** One-pass's G loss, through D's new weights, is on the T(G(z)) that D's update saw. */
  @Test
  void onePassThirdApplicationOfDSeesTheSameAugmentedImages() {
    try (Graph graph = new Graph()) {
      StepBuilder.oneDevice(
          graph,
          TestModels.tinyMlp(),
          TestModels.settings(3, Update.ONE_PASS).withAugment(ALL),
          BATCH);
      GraphOperation gated = graph.operation("fake_after_d_step");
      String source = gated.input(0).op().name();
      assertTrue(source.startsWith("augment_fake/cutout/"), source);
    }
  }

  /**
   * The samples (EMA generator or raw) do not depend on any augmentation op, and D's loss does on
   * both: the real batch's and G's images' own.
   */
  @Test
  void samplesAreNotAugmentedAndDsLossIsOnBothAugmentedBatches() {
    for (float ema : new float[] {0f, 0.99f}) {
      try (Graph graph = new Graph()) {
        GanGraph gan =
            StepBuilder.oneDevice(
                graph,
                TestModels.tinyMlp(),
                TestModels.settings(3).withEmaDecay(ema).withAugment(ALL),
                BATCH);
        assertFalse(
            ancestors(gan.samples).stream().anyMatch(n -> n.contains("augment_")),
            "samples, EMA decay " + ema);
        Set<String> loss = ancestors(gan.dLoss);
        assertTrue(loss.stream().anyMatch(n -> n.startsWith("augment_real/")), "real");
        assertTrue(loss.stream().anyMatch(n -> n.startsWith("augment_fake/")), "fake");
        assertTrue(ancestors(gan.gLoss).stream().anyMatch(n -> n.startsWith("augment_fake/")));
      }
    }
  }

  /** The augmented run resumes bit for bit on towers too (their streams are the step seed's). */
  @Test
  void anAugmentedTowerRunResumesBitwise(@TempDir Path dir) throws Exception {
    TrainConfig two =
        new ConfigResolver()
            .preset("tiny")
            .flags(
                Map.of(
                    "epochs", 2, "max_steps", 0L, "batch_size", 8, "augment", "cutout,translation"))
            .resolve();
    SessionOptions before = SessionOptions.processDefault();
    SessionOptions.useForProcess(TowersTest.twoTowers());
    try {
      TrainRunTest.assertResumeIsBitwise(two, TrainRunTest.stripes(40), dir, 5, 10);
    } finally {
      SessionOptions.useForProcess(before);
    }
  }

  /** The names of every op {@code output} depends on, through data and control inputs. */
  private static Set<String> ancestors(Operand<?> output) {
    Set<String> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    todo.add((GraphOperation) output.op());
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op.name())) {
        continue;
      }
      op.inputs().forEach(input -> todo.add((GraphOperation) input.op()));
      todo.addAll(op.controlInputs());
    }
    return seen;
  }

  private static boolean has(Graph graph, String prefix) {
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      if (it.next().name().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
