package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.config.Update;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.DcGanBn;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.run.RunFolder;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.runtime.TowerDevices;
import dev.jgan.train.batches.ResidentSetIndices;
import dev.jgan.train.graph.GanGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Two towers on two virtual CPUs, each on half the batch, against one device on the whole batch
 * (docs/DESIGN.md, "Towers"). The model has neither batch norm nor dropout, so the two compute the
 * same function and differ only in the order of float sums: a mean of two half-batch means instead
 * of one mean, and a mean of two gradients. Tolerance: 1e-5 relative on losses, 1e-6 absolute on
 * weights after 3 steps (measured: at most 3e-8; Adam steps of lr 2e-4, weights of order 0.1).
 */
class TowersTest {
  static final int BATCH = 8;
  static final float LOSS_TOLERANCE = 1e-5f;
  static final float WEIGHT_TOLERANCE = 1e-6f;

  static SessionOptions oneDevice() {
    return new SessionOptions(DevicePlan.cpu("test"), false);
  }

  static SessionOptions twoTowers() {
    return oneDevice().withTowers(TowerDevices.virtualCpus(2));
  }

  static GanModel conditionalMlp() {
    return new MlpGan(TestModels.LATENT, ImageShape.MNIST, List.of(16, 16), List.of(16, 16), 10);
  }

  @ParameterizedTest
  @EnumSource(Update.class)
  void twoTowersOnHalfBatchesEqualOneDeviceOnTheWholeBatch(Update update) {
    assertTowersEqualOneDevice(TestModels.tinyMlp(), update);
  }

  /** Labels are split with their images: the real batch's and the ones asked of G. */
  @ParameterizedTest
  @EnumSource(
      value = Update.class,
      names = {"ALTERNATING"})
  void aConditionalModelSplitsItsLabelsWithItsImages(Update update) {
    assertTowersEqualOneDevice(conditionalMlp(), update);
  }

  private static void assertTowersEqualOneDevice(GanModel model, Update update) {
    ImageDataset data = TrainRunTest.stripes(40);
    GanGraph.Settings settings = TestModels.settings(3, update);
    try (GanSession one = new GanSession(model, settings, BATCH, data, oneDevice());
        GanSession two = new GanSession(model, settings, BATCH, data, twoTowers())) {
      Map<String, float[]> initial = two.values(two.graph().discriminatorVariables);
      ResidentSetIndices a = new ResidentSetIndices(data.size(), BATCH, 3, 0);
      ResidentSetIndices b = new ResidentSetIndices(data.size(), BATCH, 3, 0);
      for (int step = 0; step < 3; step++) {
        StepResult x = one.trainStep(step, a.next());
        StepResult y = two.trainStep(step, b.next());
        assertClose(x.dLoss(), y.dLoss(), "D loss, step " + step);
        assertClose(x.gLoss(), y.gLoss(), "G loss, step " + step);
        assertClose(x.dReal(), y.dReal(), "D(x), step " + step);
        assertClose(x.dFake(), y.dFake(), "D(G(z)), step " + step);
      }
      // The towers trained: a comparison of untouched weights would prove nothing.
      Map<String, float[]> trained = two.values(two.graph().discriminatorVariables);
      initial.forEach(
          (name, v) -> assertFalse(java.util.Arrays.equals(v, trained.get(name)), name));
      assertWeightsClose(
          one, two, one.graph().discriminatorVariables, two.graph().discriminatorVariables);
      assertWeightsClose(one, two, one.graph().generatorVariables, two.graph().generatorVariables);
      // The checkpoint holds the same variables under the same names, slots included.
      assertEquals(one.graph().variables.all().keySet(), two.graph().variables.all().keySet());
    }
  }

  /**
   * Batch norm: each tower normalizes with its own shard's statistics, so the towers' D loss is the
   * mean of one device's losses on each half; and only tower 0's shard moves the moving averages,
   * as one device moves them on that half alone.
   */
  @Test
  void batchNormTowersNormalizeTheirShardAndTowerZeroUpdatesTheMovingStatistics() {
    GanModel model = new DcGanBn(TestModels.LATENT, new ImageShape(32, 32, 1), 4);
    int half = BATCH / 2;
    float[] real = TestModels.uniform(41, BATCH * 32 * 32);
    float[] z = TestModels.uniform(42, BATCH * TestModels.LATENT);
    float[] real0 = Arrays.copyOfRange(real, 0, half * 32 * 32);
    float[] real1 = Arrays.copyOfRange(real, half * 32 * 32, real.length);
    float[] z0 = Arrays.copyOfRange(z, 0, half * TestModels.LATENT);
    float[] z1 = Arrays.copyOfRange(z, half * TestModels.LATENT, z.length);
    GanGraph.Settings settings = TestModels.settings(7);
    try (GanSession towers = new GanSession(model, settings, BATCH, null, twoTowers());
        GanSession halves = new GanSession(model, settings, half, null, oneDevice())) {
      StepResult whole = ChosenSteps.evaluate(towers, real, z);
      StepResult first = ChosenSteps.evaluate(halves, real0, z0);
      StepResult second = ChosenSteps.evaluate(halves, real1, z1);
      assertClose((first.dLoss() + second.dLoss()) / 2, whole.dLoss(), "D loss, shard statistics");
      assertClose((first.gLoss() + second.gLoss()) / 2, whole.gLoss(), "G loss, shard statistics");
      assertNotEquals(
          first.dLoss(), second.dLoss(), "the halves must differ for this to mean anything");

      ChosenSteps.discriminatorStep(towers, 0, real, z);
      ChosenSteps.discriminatorStep(halves, 0, real0, z0);
      ChosenSteps.generatorStep(towers, 0, z);
      ChosenSteps.generatorStep(halves, 0, z0);
      Map<String, float[]> expected = movingStatistics(halves);
      Map<String, float[]> actual = movingStatistics(towers);
      assertEquals(expected.keySet(), actual.keySet());
      assertEquals(10, expected.size(), "G's 3 and D's 2 batch norms: mean and variance");
      expected.forEach(
          (name, v) -> {
            assertFalse(v[0] == 0f || v[0] == 1f, name + " did not move");
            assertArrayEquals(v, actual.get(name), WEIGHT_TOLERANCE, name);
          });
    }
  }

  /** A tower run resumed halfway ends bit for bit as a straight tower run; it exports G. */
  @Test
  void aTowerRunResumesBitwise(@TempDir Path dir) throws Exception {
    TrainConfig two =
        new ConfigResolver()
            .preset("tiny")
            .flags(Map.of("epochs", 2, "max_steps", 0L, "batch_size", 8))
            .resolve();
    SessionOptions before = SessionOptions.processDefault();
    SessionOptions.useForProcess(twoTowers());
    try {
      RunFolder split =
          TrainRunTest.assertResumeIsBitwise(two, TrainRunTest.stripes(40), dir, 5, 10);
      assertTrue(Files.exists(split.export().resolve("saved_model.pb")));
    } finally {
      SessionOptions.useForProcess(before);
    }
  }

  private static Map<String, float[]> movingStatistics(GanSession s) {
    List<Variable<TFloat32>> statistics =
        s.graph().variables.all().entrySet().stream()
            .filter(e -> e.getKey().contains("/moving_"))
            .map(Map.Entry::getValue)
            .toList();
    return s.values(statistics);
  }

  static void assertClose(float expected, float actual, String what) {
    assertEquals(expected, actual, LOSS_TOLERANCE * Math.max(1f, Math.abs(expected)), what);
  }

  private static void assertWeightsClose(
      GanSession one, GanSession two, List<Variable<TFloat32>> a, List<Variable<TFloat32>> b) {
    Map<String, float[]> x = one.values(a);
    Map<String, float[]> y = two.values(b);
    assertEquals(x.keySet(), y.keySet());
    assertFalse(x.isEmpty());
    float worst = 0;
    for (String name : x.keySet()) {
      float[] u = x.get(name);
      float[] v = y.get(name);
      for (int i = 0; i < u.length; i++) {
        assertEquals(u[i], v[i], WEIGHT_TOLERANCE, name + "[" + i + "]");
        worst = Math.max(worst, Math.abs(u[i] - v[i]));
      }
    }
  }
}
