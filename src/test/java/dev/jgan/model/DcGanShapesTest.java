package dev.jgan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.VarScope;
import dev.jgan.nn.VariableStore;
import dev.jgan.train.ChosenSteps;
import dev.jgan.train.GanSession;
import dev.jgan.train.StepResult;
import dev.jgan.train.TestModels;
import dev.jgan.train.graph.GanGraph;
import dev.jgan.train.graph.StepBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
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
 * Graph-level shapes of the DCGAN models: image and logit shapes, and every variable's name and
 * shape, the expected ones written out from the architectures' descriptions (the Keras MNIST DCGAN
 * tutorial; Radford et al. for dcgan-bn), not read back from the builders.
 */
class DcGanShapesTest {
  private static final int N = 2;

  @Test
  void dcGanVariablesAreTheTutorialArchitecture() {
    GanModel model = new DcGan(100, 0.4f);
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    // G: dense 100 -> 7*7*128, two 4x4 stride-2 transposed convs 128 -> 128, a 7x7 conv to 1.
    expected.put("generator/dense/kernel", dims(100, 6272));
    expected.put("generator/dense/bias", dims(6272));
    expected.put("generator/conv_transpose_1/kernel", dims(4, 4, 128, 128));
    expected.put("generator/conv_transpose_1/bias", dims(128));
    expected.put("generator/conv_transpose_2/kernel", dims(4, 4, 128, 128));
    expected.put("generator/conv_transpose_2/bias", dims(128));
    expected.put("generator/conv_out/kernel", dims(7, 7, 128, 1));
    expected.put("generator/conv_out/bias", dims(1));
    // D: two 3x3 stride-2 convs to 64 (28 -> 14 -> 7), dropout (no variables), dense 7*7*64 -> 1.
    expected.put("discriminator/conv_1/kernel", dims(3, 3, 1, 64));
    expected.put("discriminator/conv_1/bias", dims(64));
    expected.put("discriminator/conv_2/kernel", dims(3, 3, 64, 64));
    expected.put("discriminator/conv_2/bias", dims(64));
    expected.put("discriminator/logit/kernel", dims(3136, 1));
    expected.put("discriminator/logit/bias", dims(1));
    try (GanSession s = new GanSession(model, TestModels.settings(1), N)) {
      assertVariables(s.graph(), expected, List.of());
      assertImagesAndLogits(s, model);
    }
  }

  @Test
  void dcGanBn64x64x3VariablesAreThePaperArchitecture() {
    // g = 8: G [4,4,64] -> [8,8,32] -> [16,16,16] -> [32,32,8] -> [64,64,3], 5x5 kernels, batch
    // norm on every layer but the last (which keeps its bias); D [64,64,3] -> [32,32,8] ->
    // [16,16,16] -> [8,8,32] -> [4,4,64] -> logit, batch norm on every layer but the first.
    int latent = 16;
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    expected.put("generator/project/kernel", dims(latent, 4 * 4 * 64));
    expected.put("generator/project/bias", dims(4 * 4 * 64));
    batchNorm(expected, "generator/project/batch_norm", 64);
    expected.put("generator/conv_transpose_1/kernel", dims(5, 5, 32, 64));
    batchNorm(expected, "generator/conv_transpose_1/batch_norm", 32);
    expected.put("generator/conv_transpose_2/kernel", dims(5, 5, 16, 32));
    batchNorm(expected, "generator/conv_transpose_2/batch_norm", 16);
    expected.put("generator/conv_transpose_3/kernel", dims(5, 5, 8, 16));
    batchNorm(expected, "generator/conv_transpose_3/batch_norm", 8);
    expected.put("generator/conv_transpose_4/kernel", dims(5, 5, 3, 8));
    expected.put("generator/conv_transpose_4/bias", dims(3));
    expected.put("discriminator/conv_1/kernel", dims(5, 5, 3, 8));
    expected.put("discriminator/conv_1/bias", dims(8));
    expected.put("discriminator/conv_2/kernel", dims(5, 5, 8, 16));
    batchNorm(expected, "discriminator/conv_2/batch_norm", 16);
    expected.put("discriminator/conv_3/kernel", dims(5, 5, 16, 32));
    batchNorm(expected, "discriminator/conv_3/batch_norm", 32);
    expected.put("discriminator/conv_4/kernel", dims(5, 5, 32, 64));
    batchNorm(expected, "discriminator/conv_4/batch_norm", 64);
    expected.put("discriminator/logit/kernel", dims(4 * 4 * 64, 1));
    expected.put("discriminator/logit/bias", dims(1));
    assertEquals(expected, dcGanBnVariables(latent, 64, 3, 8), "the general rule, at 64x64x3");
    GanModel model = new DcGanBn(latent, new ImageShape(64, 64, 3), 8);
    try (Graph graph = new Graph()) {
      GanGraph gan = StepBuilder.oneDevice(graph, model, TestModels.settings(1), 4);
      assertVariables(gan, expected, movingStatistics(expected));
      // Four layers up, four down; no batch norm on D's first layer.
      assertEquals(4, count(expected, n -> n.matches("generator/conv_transpose_\\d/kernel")));
      assertEquals(4, count(expected, n -> n.matches("discriminator/conv_\\d/kernel")));
      assertFalse(gan.variables.all().keySet().stream().anyMatch(n -> n.contains("conv_1/batch")));
    }
  }

  @Test
  void dcGanBn32x32x1VariablesAreThePaperArchitecture() {
    // g = 8, one layer less each side: G [4,4,32] -> [8,8,16] -> [16,16,8] -> [32,32,1].
    int latent = 16;
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    expected.put("generator/project/kernel", dims(latent, 4 * 4 * 32));
    expected.put("generator/project/bias", dims(4 * 4 * 32));
    batchNorm(expected, "generator/project/batch_norm", 32);
    expected.put("generator/conv_transpose_1/kernel", dims(5, 5, 16, 32));
    batchNorm(expected, "generator/conv_transpose_1/batch_norm", 16);
    expected.put("generator/conv_transpose_2/kernel", dims(5, 5, 8, 16));
    batchNorm(expected, "generator/conv_transpose_2/batch_norm", 8);
    expected.put("generator/conv_transpose_3/kernel", dims(5, 5, 1, 8));
    expected.put("generator/conv_transpose_3/bias", dims(1));
    expected.put("discriminator/conv_1/kernel", dims(5, 5, 1, 8));
    expected.put("discriminator/conv_1/bias", dims(8));
    expected.put("discriminator/conv_2/kernel", dims(5, 5, 8, 16));
    batchNorm(expected, "discriminator/conv_2/batch_norm", 16);
    expected.put("discriminator/conv_3/kernel", dims(5, 5, 16, 32));
    batchNorm(expected, "discriminator/conv_3/batch_norm", 32);
    expected.put("discriminator/logit/kernel", dims(4 * 4 * 32, 1));
    expected.put("discriminator/logit/bias", dims(1));
    assertEquals(expected, dcGanBnVariables(latent, 32, 1, 8), "the general rule, at 32x32x1");
    assertEquals(3, count(expected, n -> n.matches("generator/conv_transpose_\\d/kernel")));
    assertEquals(3, count(expected, n -> n.matches("discriminator/conv_\\d/kernel")));
  }

  @ParameterizedTest(name = "{0}x{0}x{1}")
  @CsvSource({"32, 1", "32, 3", "64, 1", "64, 3"})
  void dcGanBnVariablesImagesAndLogits(int size, int channels) {
    int latent = 16;
    GanModel model = new DcGanBn(latent, new ImageShape(size, size, channels), 8);
    Map<String, List<Long>> expected = dcGanBnVariables(latent, size, channels, 8);
    try (GanSession s = new GanSession(model, TestModels.settings(1), N)) {
      assertVariables(s.graph(), expected, movingStatistics(expected));
      assertImagesAndLogits(s, model);
    }
  }

  /**
   * The dcgan-bn rule: L = log2(size / 4) stride-2 5x5 layers each side; G starts at [4, 4, g *
   * 2^(L-1)] and halves the channels per layer to g, then to the image's channels; D doubles from
   * g.
   */
  private static Map<String, List<Long>> dcGanBnVariables(
      int latent, int size, int imageChannels, int g) {
    int layers = Integer.numberOfTrailingZeros(size / 4);
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    long channels = (long) g << (layers - 1);
    expected.put("generator/project/kernel", dims(latent, 16 * channels));
    expected.put("generator/project/bias", dims(16 * channels));
    batchNorm(expected, "generator/project/batch_norm", channels);
    for (int layer = 1; layer < layers; layer++) {
      String scope = "generator/conv_transpose_" + layer;
      expected.put(scope + "/kernel", dims(5, 5, channels / 2, channels));
      batchNorm(expected, scope + "/batch_norm", channels / 2);
      channels /= 2;
    }
    assertEquals(g, channels);
    expected.put("generator/conv_transpose_" + layers + "/kernel", dims(5, 5, imageChannels, g));
    expected.put("generator/conv_transpose_" + layers + "/bias", dims(imageChannels));
    long in = imageChannels;
    long out = g;
    for (int layer = 1; layer <= layers; layer++) {
      String scope = "discriminator/conv_" + layer;
      expected.put(scope + "/kernel", dims(5, 5, in, out));
      if (layer == 1) {
        expected.put(scope + "/bias", dims(out));
      } else {
        batchNorm(expected, scope + "/batch_norm", out);
      }
      in = out;
      out *= 2;
    }
    expected.put("discriminator/logit/kernel", dims(4 * 4 * in, 1));
    expected.put("discriminator/logit/bias", dims(1));
    return expected;
  }

  private static void batchNorm(Map<String, List<Long>> expected, String scope, long channels) {
    for (String name : List.of("gamma", "beta", "moving_mean", "moving_variance")) {
      expected.put(scope + "/" + name, dims(channels));
    }
  }

  private static List<String> movingStatistics(Map<String, List<Long>> expected) {
    return expected.keySet().stream()
        .filter(n -> n.endsWith("/moving_mean") || n.endsWith("/moving_variance"))
        .toList();
  }

  /**
   * The store holds exactly {@code expected}; the trainable lists are the rest of it minus {@code
   * nonTrainable}, split by network; and the whole graph holds each model variable once although G
   * and D are each built twice.
   */
  private static void assertVariables(
      GanGraph gan, Map<String, List<Long>> expected, List<String> nonTrainable) {
    Graph graph = (Graph) gan.fakeImages.op().env();
    Map<String, List<Long>> actual = new LinkedHashMap<>();
    gan.variables.all().forEach((name, v) -> actual.put(name, dims(v.shape().asArray())));
    assertEquals(expected, actual);

    List<String> trainable = new ArrayList<>(expected.keySet());
    trainable.removeAll(nonTrainable);
    List<String> g = names(gan.generatorVariables);
    List<String> d = names(gan.discriminatorVariables);
    assertTrue(g.stream().allMatch(n -> n.startsWith("generator/")), g.toString());
    assertTrue(d.stream().allMatch(n -> n.startsWith("discriminator/")), d.toString());
    List<String> both = new ArrayList<>(g);
    both.addAll(d);
    assertEquals(sorted(trainable), sorted(both), "trainable variables");
    assertEquals(both.size(), both.stream().distinct().count(), "duplicates in " + both);
    for (String name : nonTrainable) {
      assertFalse(both.contains(name), name + " must not be trained");
    }

    for (String network : List.of("generator/", "discriminator/")) {
      List<String> ops = new ArrayList<>();
      for (var it = graph.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("VariableV2") && op.name().startsWith(network)) {
          ops.add(op.name());
        }
      }
      assertEquals(
          sorted(expected.keySet().stream().filter(n -> n.startsWith(network)).toList()),
          sorted(ops),
          network + " variable ops in the graph");
    }
  }

  /**
   * Static and run-time shapes: G's images (training and inference) [N, H, W, C] in [-1, 1]; D's
   * logits [N, 1] on a real and on a fake batch, and the session's probabilities in (0, 1).
   */
  private static void assertImagesAndLogits(GanSession s, GanModel model) {
    int h = model.imageShape().height();
    int w = model.imageShape().width();
    int c = model.imageShape().channels();
    assertEquals(dims(-1, h, w, c), dims(s.graph().fakeImages.shape().asArray()));
    assertEquals(dims(-1, h, w, c), dims(s.graph().samples.shape().asArray()));
    int latent = model.latentDim();
    float[] real = TestModels.uniform(2, N * h * w * c);
    float[] z = TestModels.uniform(3, N * latent);
    float[] images = s.generate(z, N);
    assertEquals(N * h * w * c, images.length);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (float p : images) {
      assertTrue(p >= -1f && p <= 1f, "pixel out of [-1, 1]: " + p);
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
    assertTrue(max > min, "a constant image");
    StepResult evaluated = ChosenSteps.evaluate(s, real, z);
    for (float p : new float[] {evaluated.dReal(), evaluated.dFake()}) {
      assertTrue(p > 0f && p < 1f, "probability " + p);
    }
    assertTrue(
        Float.isFinite(evaluated.dLoss()) && Float.isFinite(evaluated.gLoss()),
        evaluated.toString());
    // D's logits are not exposed by GanGraph: build G and D again here (same run seed, so the same
    // initial weights, and the same step seed as evaluate(), so the same dropout masks) and check
    // that their sigmoid averages to the probabilities the session reported.
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> realIn =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
      Placeholder<TFloat32> zIn =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
      Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      VariableStore store = new VariableStore(tf, 1, seed);
      VarScope d = store.root().child(GanModel.DISCRIMINATOR);
      Operand<TFloat32> fake = model.generator(store.root().child(GanModel.GENERATOR), zIn, true);
      Operand<TFloat32> realLogits = model.discriminator(d, realIn, true);
      Operand<TFloat32> fakeLogits = model.discriminator(d.reusing(), fake, true);
      assertEquals(dims(-1, 1), dims(realLogits.shape().asArray()));
      assertEquals(dims(-1, 1), dims(fakeLogits.shape().asArray()));
      try (Session session = new Session(graph);
          TFloat32 realT =
              TFloat32.tensorOf(Shape.of(N, h, w, c), DataBuffers.of(real, true, false));
          TFloat32 zT = TFloat32.tensorOf(Shape.of(N, latent), DataBuffers.of(z, true, false));
          TInt64 seedT = TInt64.vectorOf(1, -1);
          Result r =
              session
                  .runner()
                  .feed(realIn, realT)
                  .feed(zIn, zT)
                  .feed(seed, seedT)
                  .fetch(realLogits)
                  .fetch(fakeLogits)
                  .run()) {
        float[] probabilities = {evaluated.dReal(), evaluated.dFake()};
        for (int i = 0; i < 2; i++) {
          TFloat32 logits = (TFloat32) r.get(i);
          assertEquals(Shape.of(N, 1), logits.shape());
          double mean = 0;
          for (int n = 0; n < N; n++) {
            mean += 1 / (1 + Math.exp(-logits.getFloat(n, 0))) / N;
          }
          assertEquals(probabilities[i], mean, 1e-5, i == 0 ? "D(real)" : "D(G(z))");
        }
      }
    }
  }

  private static long count(Map<String, List<Long>> variables, Predicate<String> name) {
    return variables.keySet().stream().filter(name).count();
  }

  private static List<String> names(List<Variable<TFloat32>> variables) {
    return variables.stream().map(v -> v.op().name()).toList();
  }

  private static List<String> sorted(java.util.Collection<String> names) {
    return names.stream().sorted().toList();
  }

  private static List<Long> dims(long... dims) {
    return Arrays.stream(dims).boxed().toList();
  }
}
