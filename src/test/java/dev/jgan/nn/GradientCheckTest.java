package dev.jgan.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.Convolutions.Conv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Checks the gradients TF computes for each layer (graph.addGradients, what Adam uses) against
 * central finite differences, with respect to the input and to every trainable variable.
 *
 * <p>The loss is L = sum(layer(x) * R) with R a fixed random tensor, so dL/dy = R is dense and has
 * no structure the layer could accidentally match. Finite differences are taken in float32 on the
 * graph but the loss is summed in double here, and the step is divided by the perturbation that
 * float32 actually applied, so the only errors left are the layer's own rounding (and, for batch
 * norm, the O(h^2) truncation).
 */
class GradientCheckTest {
  private static final long[] STEP_SEED = {3, 17};

  /**
   * Max |analytic - numeric| / max |numeric| allowed for layers linear in each parameter (dense,
   * convolutions, dropout): finite differences are then exact up to float32 rounding (observed
   * errors are around 1e-5).
   */
  private static final double LINEAR_TOLERANCE = 2e-4;

  /** Batch norm is not linear in x or gamma: the O(h^2) truncation error adds to the rounding. */
  private static final double BATCH_NORM_TOLERANCE = 1e-3;

  /** Builds the layer under test: x -> y, variables under {@code scope}. */
  @FunctionalInterface
  private interface Layer {
    Operand<TFloat32> build(VarScope scope, Operand<TFloat32> x);
  }

  @Test
  void denseGradientsMatchFiniteDifferences() {
    GradCheck check =
        gradientCheck(
            Shape.of(3, 5),
            (scope, x) -> Layers.dense(scope, x, 4, Initializer.glorotUniform()),
            Shape.of(3, 4),
            List.of("layer/kernel", "layer/bias"),
            Map.of(),
            1e-2f);
    check.assertMatches(LINEAR_TOLERANCE);
  }

  @Test
  void conv2dStride2Kernel3SameGradientsMatchFiniteDifferences() {
    // SAME, stride 2: 5 -> ceil(5 / 2) = 3, with padding on one side only (the odd case).
    GradCheck check =
        gradientCheck(
            Shape.of(2, 5, 5, 3),
            (scope, x) ->
                Convolutions.conv2d(scope, x, Conv.of(4, 3, 2, Initializer.glorotUniform())),
            Shape.of(2, 3, 3, 4),
            List.of("layer/kernel", "layer/bias"),
            Map.of("layer/bias", uniform(41, 4, -0.5, 0.5)),
            1e-2f);
    check.assertMatches(LINEAR_TOLERANCE);
  }

  @Test
  void conv2dTransposeStride2Kernel4SameGradientsMatchFiniteDifferences() {
    // SAME, stride 2: 4 -> 8; kernel [4, 4, filters = 2, in = 3].
    GradCheck check =
        gradientCheck(
            Shape.of(2, 4, 4, 3),
            (scope, x) ->
                Convolutions.conv2dTranspose(
                    scope, x, Conv.of(2, 4, 2, Initializer.glorotUniform())),
            Shape.of(2, 8, 8, 2),
            List.of("layer/kernel", "layer/bias"),
            Map.of("layer/bias", uniform(42, 2, -0.5, 0.5)),
            1e-2f);
    check.assertMatches(LINEAR_TOLERANCE);
  }

  @Test
  void batchNormTrainingModeGradientsMatchFiniteDifferences() {
    // gamma and beta away from their initial 1 and 0, so that no term of the gradient vanishes.
    GradCheck check =
        gradientCheck(
            Shape.of(2, 4, 4, 3),
            (scope, x) -> BatchNorm.apply(scope, x, true),
            Shape.of(2, 4, 4, 3),
            List.of("layer/gamma", "layer/beta"),
            Map.of(
                "layer/gamma", new float[] {0.7f, 1.3f, -0.9f},
                "layer/beta", new float[] {0.2f, -0.4f, 0.1f}),
            1e-2f);
    check.assertMatches(BATCH_NORM_TOLERANCE);
  }

  @Test
  void batchNormTrainingModeNormalizesWithTheBatchStatistics() {
    // y = gamma * (x - mean) / sqrt(var + eps) + beta, mean and (biased) var per channel over the
    // batch; computed here independently of TF.
    float[] gamma = {0.7f, 1.3f, -0.9f};
    float[] beta = {0.2f, -0.4f, 0.1f};
    GradCheck check =
        gradientCheck(
            Shape.of(2, 4, 4, 3),
            (scope, x) -> BatchNorm.apply(scope, x, true),
            Shape.of(2, 4, 4, 3),
            List.of("layer/gamma", "layer/beta"),
            Map.of("layer/gamma", gamma, "layer/beta", beta),
            1e-2f);
    float[] x = check.base.get(0);
    float[] y = check.forward();
    int channels = 3;
    int perChannel = x.length / channels;
    for (int c = 0; c < channels; c++) {
      double mean = 0;
      for (int i = c; i < x.length; i += channels) {
        mean += x[i];
      }
      mean /= perChannel;
      double variance = 0;
      for (int i = c; i < x.length; i += channels) {
        variance += (x[i] - mean) * (x[i] - mean);
      }
      variance /= perChannel;
      for (int i = c; i < x.length; i += channels) {
        double expected =
            gamma[c] * (x[i] - mean) / Math.sqrt(variance + BatchNorm.EPSILON) + beta[c];
        assertEquals(expected, y[i], 1e-5, "channel " + c + " element " + i);
      }
    }
  }

  @Test
  void dropoutTrainingGradientIsTheMaskScaledByOneOverKeep() {
    float rate = 0.4f;
    GradCheck check =
        gradientCheck(
            Shape.of(2, 50),
            (scope, x) -> Dropout.apply(scope, x, rate, true),
            Shape.of(2, 50),
            List.of(),
            Map.of(),
            1e-2f);
    check.assertMatches(LINEAR_TOLERANCE);
    // Directly: dL/dx = R * keep / (1 - rate), keep read off the forward pass (x has no zeros).
    float[] x = check.base.get(0);
    float[] y = check.forward();
    float[] gradient = check.analytic.get(0);
    int dropped = 0;
    for (int i = 0; i < x.length; i++) {
      assertTrue(x[i] != 0f);
      boolean kept = y[i] != 0f;
      dropped += kept ? 0 : 1;
      double expected = kept ? check.r[i] / (1.0 - rate) : 0.0;
      assertEquals(expected, gradient[i], 1e-5, "element " + i);
    }
    assertTrue(dropped > 10 && dropped < 70, "dropped " + dropped + " of 100 at rate 0.4");
  }

  @Test
  void maxPoolGradientIsRoutedToEachWindowsMaximum() {
    // Max pooling passes values through exactly, so finite differences are exact away from ties;
    // a small step keeps every window's maximum in place.
    GradCheck check =
        gradientCheck(
            Shape.of(2, 4, 4, 3),
            (scope, x) -> Pooling.maxPool(scope.ops(), x, 2),
            Shape.of(2, 2, 2, 3),
            List.of(),
            Map.of(),
            1e-3f);
    check.assertMatches(LINEAR_TOLERANCE);
    // Directly: dL/dx = R at each 2x2 window's maximum (per channel), 0 elsewhere.
    float[] x = check.base.get(0);
    float[] gradient = check.analytic.get(0);
    float[] expected = new float[x.length];
    for (int n = 0; n < 2; n++) {
      for (int wy = 0; wy < 2; wy++) {
        for (int wx = 0; wx < 2; wx++) {
          for (int c = 0; c < 3; c++) {
            int best = -1;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                int at = ((n * 4 + 2 * wy + dy) * 4 + 2 * wx + dx) * 3 + c;
                if (best < 0 || x[at] > x[best]) {
                  best = at;
                }
              }
            }
            expected[best] = check.r[((n * 2 + wy) * 2 + wx) * 3 + c];
          }
        }
      }
    }
    assertArrayEquals(expected, gradient, 1e-6f);
  }

  @Test
  void logSoftmaxGradientsMatchFiniteDifferences() {
    // The classifier's cross-entropy is -sum(labels * logSoftmax(logits)).
    GradCheck check =
        gradientCheck(
            Shape.of(3, 10),
            (scope, x) ->
                scope.ops().nn.logSoftmax(scope.ops().math.mul(x, scope.ops().constant(3f))),
            Shape.of(3, 10),
            List.of(),
            Map.of(),
            1e-2f);
    check.assertMatches(BATCH_NORM_TOLERANCE);
  }

  @Test
  void theCheckRejectsAGradientThatIsOffByOneTenthOfAPercent() {
    // The tolerance is not vacuous: the conv2d check fails once its analytic gradient is scaled.
    GradCheck check =
        gradientCheck(
            Shape.of(2, 5, 5, 3),
            (scope, x) ->
                Convolutions.conv2d(scope, x, Conv.of(4, 3, 2, Initializer.glorotUniform())),
            Shape.of(2, 3, 3, 4),
            List.of("layer/kernel", "layer/bias"),
            Map.of(),
            1e-2f);
    for (int p = 0; p < check.analytic.size(); p++) {
      float[] scaled = check.analytic.get(p).clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= 1.001f;
      }
      double error = relativeError(scaled, check.numeric.get(p));
      assertTrue(
          error > LINEAR_TOLERANCE,
          check.names.get(p) + ": a 0.1% error went unnoticed (" + error + ")");
    }
  }

  /** Analytic and numeric gradients of one layer, by parameter (the input first). */
  private static final class GradCheck {
    final List<String> names = new ArrayList<>();
    final List<float[]> base = new ArrayList<>();
    final List<float[]> analytic = new ArrayList<>();
    final List<float[]> numeric = new ArrayList<>();
    float[] r;
    float[] forwardAtBase;

    float[] forward() {
      return forwardAtBase;
    }

    void assertMatches(double tolerance) {
      for (int p = 0; p < names.size(); p++) {
        float[] fd = numeric.get(p);
        double scale = maxAbs(fd);
        assertTrue(scale > 1e-2, names.get(p) + ": trivial gradient, max |dL/dp| = " + scale);
        double error = relativeError(analytic.get(p), fd);
        assertTrue(
            error < tolerance,
            names.get(p)
                + ": max |analytic - numeric| / max |numeric| = "
                + error
                + " (tolerance "
                + tolerance
                + ")");
      }
    }
  }

  private static double relativeError(float[] analytic, float[] numeric) {
    assertEquals(numeric.length, analytic.length);
    double worst = 0;
    for (int i = 0; i < numeric.length; i++) {
      worst = Math.max(worst, Math.abs((double) analytic[i] - numeric[i]));
    }
    return worst / maxAbs(numeric);
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /**
   * Builds L = sum(layer(x) * R) and fills a {@link GradCheck} for x and the layer's trainable
   * variables, which must be exactly {@code variableNames}. Variables take their initialized value
   * unless {@code values} overrides it (fed in every run).
   */
  private static GradCheck gradientCheck(
      Shape xShape,
      Layer layer,
      Shape yShape,
      List<String> variableNames,
      Map<String, float[]> values,
      float h) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(xShape));
      Placeholder<TInt64> stepSeed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      VariableStore store = new VariableStore(tf, 5, stepSeed);
      Operand<TFloat32> y = layer.build(store.root().child("layer"), x);
      float[] r = uniform(11, (int) yShape.size(), -1, 1);
      Operand<TFloat32> rConstant = tf.constant(yShape, DataBuffers.of(r, true, false));
      int[] axes = new int[yShape.numDimensions()];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, rConstant), tf.constant(axes));

      List<Variable<TFloat32>> variables = store.trainable("layer");
      List<String> names = new ArrayList<>();
      names.add("x");
      variables.forEach(v -> names.add(v.op().name()));
      assertEquals(variableNames, names.subList(1, names.size()));

      List<Output<?>> params = new ArrayList<>();
      params.add(x.asOutput());
      variables.forEach(v -> params.add(v.asOutput()));
      Output<?>[] gradients = graph.addGradients(loss.asOutput(), params.toArray(new Output<?>[0]));

      try (Session session = new Session(graph)) {
        // Base point: x from a fixed RNG; variables initialized, then optionally overridden.
        Map<Operand<TFloat32>, float[]> feeds = new LinkedHashMap<>();
        float[] xValue = uniform(13, (int) xShape.size(), -1, 1);
        for (int i = 0; i < xValue.length; i++) {
          // Away from 0 so that the dropout test can read its mask off y.
          xValue[i] += Math.signum(xValue[i]) * 0.1f;
        }
        feeds.put(x, xValue);
        if (!variables.isEmpty()) {
          Session.Runner read = session.runner();
          variables.forEach(read::fetch);
          try (Result result = read.run()) {
            for (int i = 0; i < variables.size(); i++) {
              Variable<TFloat32> v = variables.get(i);
              float[] value = values.getOrDefault(v.op().name(), toArray((TFloat32) result.get(i)));
              assertEquals(v.shape().size(), value.length, v.op().name());
              feeds.put(v, value);
            }
          }
        }

        GradCheck check = new GradCheck();
        check.r = r;
        check.names.addAll(names);
        check.base.addAll(feeds.values());
        try (Result result = run(session, feeds, stepSeed, y, gradients)) {
          float[] forward = toArray((TFloat32) result.get(0));
          assertArrayEquals(yShape.asArray(), result.get(0).shape().asArray(), "layer output");
          check.forwardAtBase = forward;
          for (int p = 0; p < gradients.length; p++) {
            check.analytic.add(toArray((TFloat32) result.get(p + 1)));
          }
        }

        List<Operand<TFloat32>> fed = new ArrayList<>(feeds.keySet());
        for (Operand<TFloat32> param : fed) {
          float[] value = feeds.get(param);
          float[] fd = new float[value.length];
          for (int i = 0; i < value.length; i++) {
            float original = value[i];
            float plus = original + h;
            float minus = original - h;
            value[i] = plus;
            double lossPlus = loss(session, feeds, stepSeed, y, r);
            value[i] = minus;
            double lossMinus = loss(session, feeds, stepSeed, y, r);
            value[i] = original;
            // Divide by the step float32 really took, not by 2h.
            fd[i] = (float) ((lossPlus - lossMinus) / ((double) plus - (double) minus));
          }
          check.numeric.add(fd);
        }
        return check;
      }
    }
  }

  /** L = sum(y * R), summed in double from the float32 forward pass. */
  private static double loss(
      Session session,
      Map<Operand<TFloat32>, float[]> feeds,
      Placeholder<TInt64> stepSeed,
      Operand<TFloat32> y,
      float[] r) {
    try (Result result = run(session, feeds, stepSeed, y)) {
      float[] out = toArray((TFloat32) result.get(0));
      double sum = 0;
      for (int i = 0; i < out.length; i++) {
        sum += (double) out[i] * r[i];
      }
      return sum;
    }
  }

  private static Result run(
      Session session,
      Map<Operand<TFloat32>, float[]> feeds,
      Placeholder<TInt64> stepSeed,
      Operand<TFloat32> y,
      Output<?>... extra) {
    List<TFloat32> tensors = new ArrayList<>();
    try (TInt64 seed = TInt64.vectorOf(STEP_SEED)) {
      // Feeding a VariableV2's output replaces its value for this run only.
      Session.Runner runner = session.runner().feed(stepSeed, seed);
      for (Map.Entry<Operand<TFloat32>, float[]> feed : feeds.entrySet()) {
        TFloat32 t =
            TFloat32.tensorOf(feed.getKey().shape(), DataBuffers.of(feed.getValue(), true, false));
        tensors.add(t);
        runner.feed(feed.getKey(), t);
      }
      runner.fetch(y);
      for (Output<?> o : extra) {
        runner.fetch(o);
      }
      return runner.run();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  private static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static float[] uniform(long seed, int length, double low, double high) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = (float) (low + random.nextDouble() * (high - low));
    }
    return out;
  }
}
