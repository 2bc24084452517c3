package dev.jgan.train.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.Update;
import dev.jgan.train.ChosenSteps;
import dev.jgan.train.GanSession;
import dev.jgan.train.StepResult;
import dev.jgan.train.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class GanGraphTest {
  private static final int BATCH = 4;
  private static final int PIXELS = 28 * 28;

  @Test
  void generatorAndDiscriminatorShapes() {
    try (GanSession s = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      assertEquals(List.of(-1L, 28L, 28L, 1L), dims(s.graph().fakeImages.shape().asArray()));
      float[] images = s.generate(TestModels.uniform(3, BATCH * TestModels.LATENT), BATCH);
      assertEquals(BATCH * PIXELS, images.length);
      for (float p : images) {
        assertTrue(p >= -1f && p <= 1f, "pixel out of [-1,1]: " + p);
      }
    }
  }

  @Test
  void variablesAreScopedAndDiscriminatorIsCreatedOnce() {
    try (GanSession s = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      GanGraph g = s.graph();
      // G: 3 dense layers (2 hidden + output), D: 2 hidden + logit; kernel and bias each.
      assertEquals(6, g.generatorVariables.size());
      assertEquals(6, g.discriminatorVariables.size());
      assertEquals(
          List.of(
              "discriminator/dense_1/kernel",
              "discriminator/dense_1/bias",
              "discriminator/dense_2/kernel",
              "discriminator/dense_2/bias",
              "discriminator/logit/kernel",
              "discriminator/logit/bias"),
          names(g.discriminatorVariables));
      assertTrue(names(g.generatorVariables).stream().allMatch(n -> n.startsWith("generator/")));
      // D is applied twice but its variables exist once in the whole graph.
      long dVariableOps =
          g.variables.all().keySet().stream().filter(n -> n.startsWith("discriminator")).count();
      assertEquals(6, dVariableOps);
      // logit kernel: [16, 1]
      assertEquals(List.of(16L, 1L), dims(g.discriminatorVariables.get(4).shape().asArray()));
    }
  }

  @Test
  void discriminatorStepMovesOnlyDiscriminatorAndGeneratorStepOnlyGenerator() {
    try (GanSession s = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      GanGraph g = s.graph();
      float[] real = TestModels.uniform(5, BATCH * PIXELS);
      float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);
      Map<String, float[]> gBefore = s.values(g.generatorVariables);
      Map<String, float[]> dBefore = s.values(g.discriminatorVariables);

      ChosenSteps.discriminatorStep(s, 0, real, z);
      assertUnchanged(gBefore, s.values(g.generatorVariables));
      assertAllChanged(dBefore, s.values(g.discriminatorVariables));

      Map<String, float[]> dAfterD = s.values(g.discriminatorVariables);
      Map<String, float[]> gAfterD = s.values(g.generatorVariables);
      ChosenSteps.generatorStep(s, 0, z);
      assertUnchanged(dAfterD, s.values(g.discriminatorVariables));
      assertAllChanged(gAfterD, s.values(g.generatorVariables));
    }
  }

  /**
   * A simultaneous step is each network's own update from the same starting point: D's as an
   * alternating D step makes it, G's as an alternating G step makes it before D has moved (its
   * gradient flows through D's old weights, which the update gate must keep from changing).
   */
  @Test
  void simultaneousStepIsBothUpdatesFromTheSameWeights() {
    float[] real = TestModels.uniform(5, BATCH * PIXELS);
    float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);
    GanGraph.Settings joint = TestModels.settings(1, Update.SIMULTANEOUS);
    try (GanSession simultaneous = new GanSession(TestModels.tinyMlp(), joint, BATCH);
        GanSession dOnly = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH);
        GanSession gOnly = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      GanGraph g = simultaneous.graph();
      Map<String, float[]> gBefore = simultaneous.values(g.generatorVariables);
      Map<String, float[]> dBefore = simultaneous.values(g.discriminatorVariables);
      StepResult jointLosses = simultaneous.trainStep(0, real, z, null);
      StepResult dLosses = ChosenSteps.discriminatorStep(dOnly, 0, real, z);
      float gLoss = ChosenSteps.generatorStep(gOnly, 0, z);

      assertEquals(dLosses.dLoss(), jointLosses.dLoss());
      assertEquals(gLoss, jointLosses.gLoss());
      Map<String, float[]> gAfter = simultaneous.values(g.generatorVariables);
      Map<String, float[]> dAfter = simultaneous.values(g.discriminatorVariables);
      assertAllChanged(gBefore, gAfter);
      assertAllChanged(dBefore, dAfter);
      assertSame(dOnly.values(dOnly.graph().discriminatorVariables), dAfter);
      assertSame(gOnly.values(gOnly.graph().generatorVariables), gAfter);
    }
  }

  /**
   * A one-pass step is an alternating step whose G update reuses D's noise: D's update on (real,
   * G(z)), then G's on the same z through D's new weights; over three steps, so that a G update
   * reading D's old weights (a missing order) or G(z) from before G's previous update would show.
   */
  @Test
  void onePassStepsEqualAlternatingStepsOnTheSameNoise() {
    float[] real = TestModels.uniform(5, BATCH * PIXELS);
    GanGraph.Settings onePass = TestModels.settings(1, Update.ONE_PASS);
    try (GanSession fused = new GanSession(TestModels.tinyMlp(), onePass, BATCH);
        GanSession twoRuns = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      for (int step = 0; step < 3; step++) {
        float[] z = TestModels.uniform(6 + step, BATCH * TestModels.LATENT);
        StepResult f = fused.trainStep(step, real, z, null);
        StepResult a = twoRuns.trainStep(step, real, z, z);
        assertEquals(a.dLoss(), f.dLoss(), 1e-6f, "step " + step);
        assertEquals(a.gLoss(), f.gLoss(), 1e-6f, "G's loss is against the new D, step " + step);
      }
      GanGraph g = fused.graph();
      assertSame(
          twoRuns.values(twoRuns.graph().discriminatorVariables),
          fused.values(g.discriminatorVariables));
      assertSame(
          twoRuns.values(twoRuns.graph().generatorVariables), fused.values(g.generatorVariables));
      float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);
      assertThrows(IllegalStateException.class, () -> ChosenSteps.generatorStep(fused, 0, z));
    }
  }

  /**
   * Evaluating a one-pass graph changes nothing, though its step's G loss waits for D's update: it
   * reports G's loss against the current D, as an alternating graph does.
   */
  @Test
  void evaluatingAOnePassGraphRunsNoUpdate() {
    float[] real = TestModels.uniform(5, BATCH * PIXELS);
    float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);
    try (GanSession onePass =
            new GanSession(TestModels.tinyMlp(), TestModels.settings(1, Update.ONE_PASS), BATCH);
        GanSession alternating =
            new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      Map<String, float[]> before = onePass.values(onePass.graph().discriminatorVariables);
      StepResult first = ChosenSteps.evaluate(onePass, real, z);
      assertEquals(first, ChosenSteps.evaluate(onePass, real, z));
      assertSame(before, onePass.values(onePass.graph().discriminatorVariables));
      assertEquals(ChosenSteps.evaluate(alternating, real, z), first);
    }
  }

  @Test
  void aSimultaneousGraphRefusesSeparateUpdates() {
    GanGraph.Settings joint = TestModels.settings(1, Update.SIMULTANEOUS);
    try (GanSession s = new GanSession(TestModels.tinyMlp(), joint, BATCH)) {
      float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);
      assertThrows(IllegalStateException.class, () -> ChosenSteps.generatorStep(s, 0, z));
    }
  }

  private static void assertSame(Map<String, float[]> expected, Map<String, float[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), 1e-7f, name));
  }

  @Test
  void sameSeedGivesSameLossesAndOtherSeedDifferent() {
    float[] real = TestModels.uniform(5, BATCH * PIXELS);
    float[] z1 = TestModels.uniform(6, BATCH * TestModels.LATENT);
    float[] z2 = TestModels.uniform(7, BATCH * TestModels.LATENT);
    float[] a = firstLosses(11, real, z1, z2);
    float[] b = firstLosses(11, real, z1, z2);
    float[] c = firstLosses(12, real, z1, z2);
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c), "a different seed should give other weights");
  }

  private static float[] firstLosses(long seed, float[] real, float[] z1, float[] z2) {
    try (GanSession s = new GanSession(TestModels.tinyMlp(), TestModels.settings(seed), BATCH)) {
      float[] losses = new float[6];
      for (int step = 0; step < 3; step++) {
        StepResult r = s.trainStep(0, real, z1, z2);
        losses[2 * step] = r.dLoss();
        losses[2 * step + 1] = r.gLoss();
      }
      return losses;
    }
  }

  private static void assertUnchanged(Map<String, float[]> before, Map<String, float[]> after) {
    before.forEach((name, value) -> assertArrayEquals(value, after.get(name), name + " moved"));
  }

  private static void assertAllChanged(Map<String, float[]> before, Map<String, float[]> after) {
    before.forEach(
        (name, value) ->
            assertFalse(java.util.Arrays.equals(value, after.get(name)), name + " did not move"));
  }

  private static List<String> names(List<Variable<TFloat32>> variables) {
    return variables.stream().map(v -> v.op().name()).toList();
  }

  private static List<Long> dims(long[] dims) {
    return java.util.Arrays.stream(dims).boxed().toList();
  }
}
