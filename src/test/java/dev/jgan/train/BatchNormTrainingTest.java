package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.DcGanBn;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.nn.BatchNorm;
import dev.jgan.nn.VariableStore;
import dev.jgan.train.graph.GanGraph;
import dev.jgan.train.graph.StepBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Batch norm inside a training session, on a tiny dcgan-bn (32x32x1, g = 4, latent 8, batch 4): the
 * moving statistics are updated by their own network's step only and with the right values, and
 * inference (sample grids, the exported generator) uses them instead of the batch's.
 */
class BatchNormTrainingTest {
  private static final int LATENT = 8;
  private static final int BATCH = 4;
  private static final ImageShape IMAGE = new ImageShape(32, 32, 1);
  private static final int PIXELS = 32 * 32;

  private static GanModel model() {
    return new DcGanBn(LATENT, IMAGE, 4);
  }

  private static float[] real(long seed) {
    return TestModels.uniform(seed, BATCH * PIXELS);
  }

  private static float[] z(long seed) {
    return TestModels.uniform(seed, BATCH * LATENT);
  }

  @Test
  void movingStatisticsStartAtZeroAndOneAndMoveForBothNetworks() {
    try (GanSession s = new GanSession(model(), TestModels.settings(1), BATCH)) {
      List<Variable<TFloat32>> means = statistics(s, "moving_mean");
      List<Variable<TFloat32>> variances = statistics(s, "moving_variance");
      // G: project + 2 transposed convs; D: conv_2 and conv_3 (not conv_1).
      assertEquals(
          List.of(
              "generator/project/batch_norm/moving_mean",
              "generator/conv_transpose_1/batch_norm/moving_mean",
              "generator/conv_transpose_2/batch_norm/moving_mean",
              "discriminator/conv_2/batch_norm/moving_mean",
              "discriminator/conv_3/batch_norm/moving_mean"),
          names(means));
      s.values(means).forEach((name, v) -> assertArrayEquals(new float[v.length], v, name));
      s.values(variances).forEach((name, v) -> assertArrayEquals(filled(v.length, 1f), v, name));

      for (int step = 0; step < 3; step++) {
        s.trainStep(step, real(10 + step), z(20 + step), z(30 + step));
      }
      s.values(means)
          .forEach((name, v) -> assertTrue(maxAbs(v) > 1e-5, name + " still 0: " + str(v)));
      s.values(variances)
          .forEach(
              (name, v) -> {
                float[] shifted = v.clone();
                for (int i = 0; i < v.length; i++) {
                  shifted[i] -= 1f;
                  assertTrue(v[i] > 0f, name + " not positive: " + str(v));
                }
                assertTrue(maxAbs(shifted) > 1e-3, name + " still 1: " + str(v));
              });
    }
  }

  @Test
  void generatorStepUpdatesTheProjectionStatisticsOnceWithTheBatchMeanAndUnbiasedVariance() {
    // Recomputed here from z and the projection's weights: pre-norm activation a = z K + b,
    // reshaped to [N, 4, 4, 16], so channel = column % 16 and each channel has N * 16 values.
    try (GanSession s = new GanSession(model(), TestModels.settings(1), BATCH)) {
      Map<String, Variable<TFloat32>> all = s.graph().variables.all();
      Map<String, float[]> before =
          s.values(List.of(all.get("generator/project/kernel"), all.get("generator/project/bias")));
      float[] kernel = before.get("generator/project/kernel");
      float[] bias = before.get("generator/project/bias");
      int units = bias.length;
      int channels = 16;
      assertEquals(4 * 4 * channels, units);
      float[] z = z(5);
      double[] sum = new double[channels];
      double[] sumSquares = new double[channels];
      for (int n = 0; n < BATCH; n++) {
        for (int j = 0; j < units; j++) {
          double a = bias[j];
          for (int k = 0; k < LATENT; k++) {
            a += (double) z[n * LATENT + k] * kernel[k * units + j];
          }
          sum[j % channels] += a;
          sumSquares[j % channels] += a * a;
        }
      }
      int count = BATCH * units / channels;

      ChosenSteps.generatorStep(s, 0, z);

      Map<String, float[]> after =
          s.values(
              List.of(
                  all.get("generator/project/batch_norm/moving_mean"),
                  all.get("generator/project/batch_norm/moving_variance")));
      float[] movingMean = after.get("generator/project/batch_norm/moving_mean");
      float[] movingVariance = after.get("generator/project/batch_norm/moving_variance");
      double m = BatchNorm.MOMENTUM;
      for (int c = 0; c < channels; c++) {
        double mean = sum[c] / count;
        double unbiased = (sumSquares[c] - count * mean * mean) / (count - 1);
        assertEquals(m * 0 + (1 - m) * mean, movingMean[c], 1e-7, "moving_mean " + c);
        // The variance part is small next to the 0.9 it is added to: compare that part alone,
        // tightly enough (0.5%) to tell the unbiased estimate from the biased one (1.6% apart).
        double variancePart = (movingVariance[c] - m * 1) / (1 - m);
        assertEquals(unbiased, variancePart, 5e-3 * unbiased, "moving_variance " + c);
      }
    }
  }

  @Test
  void eachStepChangesOnlyItsOwnNetworkWeightsAndStatistics() {
    try (GanSession s = new GanSession(model(), TestModels.settings(1), BATCH)) {
      GanGraph g = s.graph();
      List<Variable<TFloat32>> gStatistics = statistics(s, "generator/", "moving_");
      List<Variable<TFloat32>> dStatistics = statistics(s, "discriminator/", "moving_");
      Map<String, float[]> gBefore = s.values(g.generatorVariables);
      Map<String, float[]> gStatsBefore = s.values(gStatistics);
      Map<String, float[]> dBefore = s.values(g.discriminatorVariables);
      Map<String, float[]> dStatsBefore = s.values(dStatistics);

      ChosenSteps.discriminatorStep(s, 0, real(1), z(2));
      assertUnchanged(gBefore, s.values(g.generatorVariables));
      assertUnchanged(gStatsBefore, s.values(gStatistics));
      assertAllChanged(dBefore, s.values(g.discriminatorVariables));
      assertAllChanged(dStatsBefore, s.values(dStatistics));

      Map<String, float[]> dAfter = s.values(g.discriminatorVariables);
      Map<String, float[]> dStatsAfter = s.values(dStatistics);
      ChosenSteps.generatorStep(s, 0, z(3));
      assertUnchanged(dAfter, s.values(g.discriminatorVariables));
      assertUnchanged(dStatsAfter, s.values(dStatistics));
      assertAllChanged(gBefore, s.values(g.generatorVariables));
      assertAllChanged(gStatsBefore, s.values(gStatistics));
    }
  }

  @Test
  void inferenceOutputOfOneLatentDoesNotDependOnTheRestOfTheBatch() {
    try (GanSession s = new GanSession(model(), TestModels.settings(1), BATCH)) {
      for (int step = 0; step < 3; step++) {
        s.trainStep(step, real(10 + step), z(20 + step), z(30 + step));
      }
      float[] batch = z(7);
      float[] alone = s.generate(Arrays.copyOf(batch, LATENT), 1);
      float[] inBatch = s.generate(batch, BATCH);
      float[] otherBatch = z(8);
      System.arraycopy(batch, 0, otherBatch, 0, LATENT);
      float[] inOtherBatch = s.generate(otherBatch, BATCH);
      // Three steps in, the moving variances (still mostly their initial 1) dwarf the batch's
      // (about 1e-3 with N(0, 0.02) weights), so inference images are near 0: compare relative
      // to their scale, not with a fixed tolerance that they would pass whatever they were.
      double scale = maxAbs(inBatch);
      assertTrue(scale > 1e-5, "inference images are all 0");
      assertClose(Arrays.copyOf(inBatch, PIXELS), alone, 1e-4);
      assertClose(Arrays.copyOf(inOtherBatch, PIXELS), alone, 1e-4);
      assertTrue(
          maxAbsDifference(inBatch, inOtherBatch) > 0.05 * scale, "other latents, same images?");
    }
  }

  @Test
  void inferenceModeNormalizesWithTheMovingStatistics() {
    // y = gamma * (x - moving_mean) / sqrt(moving_variance + eps) + beta, whatever the batch.
    float[] gamma = {0.5f, -1.5f};
    float[] beta = {0.25f, 1f};
    float[] mean = {0.3f, -2f};
    float[] variance = {0.8f, 4f};
    float[] x = TestModels.uniform(3, 3 * 2 * 2 * 2);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2, 2, 2)));
      VariableStore store = new VariableStore(tf, 1);
      Operand<TFloat32> y = BatchNorm.apply(store.root().child("bn"), in, false);
      Map<String, Variable<TFloat32>> v = store.all();
      try (Session session = new Session(graph);
          TFloat32 xt = TFloat32.tensorOf(Shape.of(3, 2, 2, 2), DataBuffers.of(x, true, false));
          TFloat32 gt = TFloat32.vectorOf(gamma);
          TFloat32 bt = TFloat32.vectorOf(beta);
          TFloat32 mt = TFloat32.vectorOf(mean);
          TFloat32 vt = TFloat32.vectorOf(variance);
          Result r =
              session
                  .runner()
                  .feed(in, xt)
                  .feed(v.get("bn/gamma"), gt)
                  .feed(v.get("bn/beta"), bt)
                  .feed(v.get("bn/moving_mean"), mt)
                  .feed(v.get("bn/moving_variance"), vt)
                  .fetch(y)
                  .run()) {
        float[] out = toArray((TFloat32) r.get(0));
        for (int i = 0; i < x.length; i++) {
          int c = i % 2;
          double expected =
              gamma[c] * (x[i] - mean[c]) / Math.sqrt(variance[c] + BatchNorm.EPSILON) + beta[c];
          assertEquals(expected, out[i], 1e-5, "element " + i);
        }
      }
    }
  }

  @Test
  void exportedGeneratorUsesTheMovingStatisticsLikeTheSession(@TempDir Path dir) throws Exception {
    GanModel model = model();
    float[] z = z(7);
    String checkpoint = dir.resolve("ckpt/ckpt").toString();
    float[] inference;
    try (GanSession s = new GanSession(model, TestModels.settings(1), BATCH)) {
      for (int step = 0; step < 3; step++) {
        s.trainStep(step, real(10 + step), z(20 + step), z(30 + step));
      }
      inference = s.generate(z, BATCH);
      s.save(checkpoint);
    }
    Path exportDir = dir.resolve("export");
    GeneratorExporter.export(model, checkpoint, exportDir);

    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.toString(), "serve");
        TFloat32 zt = TFloat32.tensorOf(Shape.of(BATCH, LATENT), DataBuffers.of(z, true, false));
        Result r = bundle.function("serving_default").call(Map.of("z", zt))) {
      TFloat32 images = (TFloat32) r.get("images").orElseThrow();
      assertEquals(Shape.of(BATCH, 32, 32, 1), images.shape());
      assertClose(inference, toArray(images), 1e-4);
    }

    // The training-mode G (batch statistics) on the same batch, from the same checkpoint: it must
    // differ, or the test above could not tell moving from batch statistics. GanSession does not
    // expose its Session, so the training graph is rebuilt and restored here.
    float[] otherBatch = z(8);
    System.arraycopy(z, 0, otherBatch, 0, LATENT);
    try (Graph graph = new Graph()) {
      GanGraph gan = StepBuilder.oneDevice(graph, model, TestModels.settings(99), 4);
      try (Session session = new Session(graph)) {
        session.restore(checkpoint);
        float[][] onBatch = run(session, gan, z);
        float[][] onOtherBatch = run(session, gan, otherBatch);
        // Restored (not re-initialized with seed 99): inference mode reproduces the session.
        assertClose(inference, onBatch[1], 1e-4);
        float[] training = onBatch[0];
        assertTrue(
            maxAbsDifference(training, inference) > 10 * maxAbs(inference),
            "training and inference mode agree: " + maxAbsDifference(training, inference));
        // And batch statistics make image 0 depend on its batch mates, which inference avoids.
        float[] image0 = Arrays.copyOf(training, PIXELS);
        assertTrue(
            maxAbsDifference(image0, Arrays.copyOf(onOtherBatch[0], PIXELS))
                > 0.05 * maxAbs(image0),
            "training-mode image 0 ignores its batch");
        assertClose(
            Arrays.copyOf(onBatch[1], PIXELS), Arrays.copyOf(onOtherBatch[1], PIXELS), 1e-4);
      }
    }
  }

  /** {fakeImages (training mode), samples (inference mode)} for z. */
  private static float[][] run(Session session, GanGraph gan, float[] z) {
    try (TFloat32 zt = TFloat32.tensorOf(Shape.of(BATCH, LATENT), DataBuffers.of(z, true, false));
        Result r =
            session.runner().feed(gan.z, zt).fetch(gan.fakeImages).fetch(gan.samples).run()) {
      return new float[][] {toArray((TFloat32) r.get(0)), toArray((TFloat32) r.get(1))};
    }
  }

  /** The model's variables whose full name starts with {@code prefix} and contains {@code part}. */
  private static List<Variable<TFloat32>> statistics(GanSession s, String prefix, String part) {
    return s.graph().variables.all().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().contains(part))
        .map(Map.Entry::getValue)
        .toList();
  }

  private static List<Variable<TFloat32>> statistics(GanSession s, String name) {
    return s.graph().variables.all().entrySet().stream()
        .filter(e -> e.getKey().endsWith("/" + name))
        .map(Map.Entry::getValue)
        .toList();
  }

  private static void assertUnchanged(Map<String, float[]> before, Map<String, float[]> after) {
    assertFalse(before.isEmpty());
    before.forEach((name, value) -> assertArrayEquals(value, after.get(name), name + " moved"));
  }

  private static void assertAllChanged(Map<String, float[]> before, Map<String, float[]> after) {
    assertFalse(before.isEmpty());
    before.forEach(
        (name, value) -> assertFalse(Arrays.equals(value, after.get(name)), name + " unchanged"));
  }

  private static List<String> names(List<Variable<TFloat32>> variables) {
    return variables.stream().map(v -> v.op().name()).toList();
  }

  private static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static float[] filled(int length, float value) {
    float[] out = new float[length];
    Arrays.fill(out, value);
    return out;
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** max |actual - expected| <= relative * max |expected| (and expected is not all 0). */
  private static void assertClose(float[] expected, float[] actual, double relative) {
    double scale = maxAbs(expected);
    assertTrue(scale > 0, "all 0");
    double difference = maxAbsDifference(expected, actual);
    assertTrue(
        difference <= relative * scale,
        "max |difference| " + difference + " > " + relative + " * " + scale);
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static String str(float[] values) {
    return Arrays.toString(values);
  }
}
