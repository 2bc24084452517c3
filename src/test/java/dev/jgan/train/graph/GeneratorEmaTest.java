package dev.jgan.train.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.model.DcGanBn;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.nn.VariableStore;
import dev.jgan.train.ChosenSteps;
import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The EMA generator against its closed form: ema -= (1 - min(decay, (1+n)/(10+n))) (ema - w). */
class GeneratorEmaTest {
  private static final int BATCH = 4;
  private static final int PIXELS = 28 * 28;
  private static final float DECAY = 0.5f;

  @Test
  void shadowsStartAtTheGeneratorsInitialWeightsAndFollowTheClosedForm() {
    GanGraph.Settings settings = TestModels.settings(1).withEmaDecay(DECAY);
    try (GanSession s = new GanSession(TestModels.tinyMlp(), settings, BATCH)) {
      GanGraph g = s.graph();
      List<Variable<TFloat32>> shadows = shadowsOf(g);
      assertEquals(g.generatorVariables.size(), shadows.size());
      float[] real = TestModels.uniform(5, BATCH * PIXELS);
      float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);

      float[][] ema = flat(s.values(shadows));
      float[][] start = flat(s.values(g.generatorVariables));
      for (int i = 0; i < ema.length; i++) {
        assertArrayEquals(start[i], ema[i], "shadow " + i + " starts at G's initial weights");
      }
      for (int n = 1; n <= 3; n++) {
        float[][] dBefore = flat(s.values(shadows));
        ChosenSteps.discriminatorStep(s, n, real, z);
        float[][] afterD = flat(s.values(shadows));
        for (int i = 0; i < ema.length; i++) {
          assertArrayEquals(dBefore[i], afterD[i], "a D step leaves the shadows alone");
        }
        ChosenSteps.generatorStep(s, n, z);
        float[][] w = flat(s.values(g.generatorVariables));
        float decay = Math.min(DECAY, (1f + n) / (10f + n)); // warm-up: 2/11, 3/12, 4/13
        float[][] after = flat(s.values(shadows));
        for (int i = 0; i < ema.length; i++) {
          for (int j = 0; j < ema[i].length; j++) {
            float expected = ema[i][j] - (1 - decay) * (ema[i][j] - w[i][j]);
            assertEquals(expected, after[i][j], 1e-6f, "shadow " + i + "[" + j + "], update " + n);
          }
        }
        ema = after;
      }
      // Three updates at d < 1 leave the average strictly between the start and G.
      assertFalse(Arrays.equals(ema[0], start[0]));
      assertFalse(Arrays.equals(ema[0], flat(s.values(g.generatorVariables))[0]));
    }
  }

  @Test
  void samplesComeFromTheAverageAndDifferFromTheRawGenerator() {
    GanGraph.Settings settings = TestModels.settings(1).withEmaDecay(0.999f);
    float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);
    float[] real = TestModels.uniform(5, BATCH * PIXELS);
    try (GanSession ema = new GanSession(TestModels.tinyMlp(), settings, BATCH);
        GanSession raw = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), BATCH)) {
      // Same seed: both start from the same weights, so their samples agree before training.
      assertArrayEquals(raw.generate(z, BATCH), ema.generate(z, BATCH));
      for (int step = 0; step < 5; step++) {
        ema.trainStep(step, real, z, z);
        raw.trainStep(step, real, z, z);
      }
      // The raw weights train identically (the EMA only reads them) ...
      assertArrayEquals(
          flat(raw.values(raw.graph().generatorVariables))[0],
          flat(ema.values(ema.graph().generatorVariables))[0]);
      // ... but the grids show the average, which lags behind them.
      assertFalse(Arrays.equals(raw.generate(z, BATCH), ema.generate(z, BATCH)));
    }
  }

  @Test
  void copiesKeepTheirSourcesNamesUnderTheNewScope() {
    GanGraph.Settings settings = TestModels.settings(1).withEmaDecay(0.9f);
    try (GanSession s = new GanSession(TestModels.tinyMlp(), settings, BATCH)) {
      VariableStore store = s.graph().variables;
      for (Variable<TFloat32> v : s.graph().generatorVariables) {
        String name = v.op().name().replaceFirst("^generator/", GeneratorEma.SCOPE + "/");
        assertTrue(store.all().containsKey(name), name);
      }
      // The shadows are not trainable: no optimizer sees them.
      assertTrue(store.trainable(GeneratorEma.SCOPE).isEmpty());
    }
  }

  /**
   * A batch-norm generator's averaged copy keeps moving statistics of its own activations: they
   * move in G's step (not D's), away from the raw generator's, and grids do not depend on the
   * batch.
   */
  @Test
  void batchNormShadowsFollowTheAveragedGeneratorsOwnStatistics() {
    ImageShape image = new ImageShape(32, 32, 1);
    GanModel model = new DcGanBn(TestModels.LATENT, image, 4);
    GanGraph.Settings settings = TestModels.settings(1).withEmaDecay(0.9f);
    try (GanSession s = new GanSession(model, settings, BATCH)) {
      VariableStore store = s.graph().variables;
      String raw = "generator/project/batch_norm/moving_mean";
      String ema = GeneratorEma.SCOPE + "/project/batch_norm/moving_mean";
      List<Variable<TFloat32>> means = List.of(store.all().get(raw), store.all().get(ema));
      float[] real = TestModels.uniform(5, BATCH * 32 * 32);
      float[] z = TestModels.uniform(6, BATCH * TestModels.LATENT);
      float[][] start = flat(s.values(means));
      ChosenSteps.discriminatorStep(s, 0, real, z);
      assertArrayEquals(start[1], flat(s.values(means))[1], "D's step leaves them alone");
      ChosenSteps.generatorStep(s, 0, TestModels.uniform(7, BATCH * TestModels.LATENT));
      float[][] after = flat(s.values(means));
      assertFalse(Arrays.equals(start[1], after[1]), "the EMA statistics moved");
      assertFalse(Arrays.equals(after[0], after[1]), "from their own pass, not the raw one's");
      float[] four = s.generate(z, BATCH);
      float[] one = s.generate(Arrays.copyOf(z, TestModels.LATENT), 1);
      assertArrayEquals(Arrays.copyOf(four, 32 * 32), one, 1e-5f, "inference statistics");
    }
  }

  private static List<Variable<TFloat32>> shadowsOf(GanGraph g) {
    List<Variable<TFloat32>> shadows = new ArrayList<>();
    for (Variable<TFloat32> v : g.generatorVariables) {
      String name = v.op().name().replaceFirst("^generator/", GeneratorEma.SCOPE + "/");
      shadows.add(g.variables.all().get(name));
    }
    return shadows;
  }

  private static float[][] flat(Map<String, float[]> values) {
    return values.values().toArray(new float[0][]);
  }
}
