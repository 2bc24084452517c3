package dev.jgan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.DataType;

/**
 * Conditional models: G's input is z ++ one-hot (latent + K wide), D's is the image with K one-hot
 * planes (C + K channels; for mlp the flattened image ++ one-hot). Every other variable is the
 * unconditional model's.
 */
class ConditionalShapesTest {
  private static final int LATENT = TestModels.LATENT;
  private static final int N = 2;

  @Test
  void mlpTakesLatentPlusKAndPixelsPlusK() {
    int k = 10;
    GanModel model = new MlpGan(LATENT, ImageShape.MNIST, List.of(16, 16), List.of(16, 16), k);
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    expected.put("generator/dense_1/kernel", dims(LATENT + k, 16));
    expected.put("generator/dense_1/bias", dims(16));
    expected.put("generator/dense_2/kernel", dims(16, 16));
    expected.put("generator/dense_2/bias", dims(16));
    expected.put("generator/dense_3/kernel", dims(16, 784));
    expected.put("generator/dense_3/bias", dims(784));
    expected.put("discriminator/dense_1/kernel", dims(784 + k, 16));
    expected.put("discriminator/dense_1/bias", dims(16));
    expected.put("discriminator/dense_2/kernel", dims(16, 16));
    expected.put("discriminator/dense_2/bias", dims(16));
    expected.put("discriminator/logit/kernel", dims(16, 1));
    expected.put("discriminator/logit/bias", dims(1));
    try (GanSession s = new GanSession(model, TestModels.settings(1), N)) {
      assertEquals(expected, variables(s.graph()));
      assertLabelPlaceholders(s.graph());
      assertEquals(List.of(-1L, LATENT + (long) k), concatShape(s.graph(), "generator/"));
      assertEquals(List.of(-1L, 784L + k), concatShape(s.graph(), "discriminator/"));
      assertRunsAndLabelsMatter(s, model);
    }
  }

  @Test
  void dcganTakesLatentPlusKAndOnePlusKChannels() {
    int k = 10;
    Map<String, List<Long>> conditional = variables(new DcGan(LATENT, 0.4f, k));
    Map<String, List<Long>> plain = variables(new DcGan(LATENT, 0.4f));
    assertEquals(dims(LATENT + k, 7 * 7 * 128), conditional.get("generator/dense/kernel"));
    assertEquals(dims(3, 3, 1 + k, 64), conditional.get("discriminator/conv_1/kernel"));
    assertEquals(dims(LATENT, 7 * 7 * 128), plain.get("generator/dense/kernel"));
    assertEquals(dims(3, 3, 1, 64), plain.get("discriminator/conv_1/kernel"));
    assertOnlyInputLayersDiffer(
        plain, conditional, "generator/dense/kernel", "discriminator/conv_1/kernel");

    GanModel model = new DcGan(LATENT, 0.4f, k);
    try (GanSession s = new GanSession(model, TestModels.settings(1), N)) {
      assertLabelPlaceholders(s.graph());
      assertEquals(List.of(-1L, LATENT + (long) k), concatShape(s.graph(), "generator/"));
      assertEquals(List.of(-1L, 28L, 28L, 1L + k), concatShape(s.graph(), "discriminator/"));
      assertEquals(List.of(-1L, 28L, 28L, 1L), dims(s.graph().fakeImages.shape().asArray()));
      assertRunsAndLabelsMatter(s, model);
    }
  }

  @Test
  void dcganBnTakesLatentPlusKAndCPlusKChannels() {
    int k = 3;
    ImageShape image = new ImageShape(32, 32, 3);
    Map<String, List<Long>> conditional = variables(new DcGanBn(LATENT, image, 4, k));
    Map<String, List<Long>> plain = variables(new DcGanBn(LATENT, image, 4));
    // g = 4 at 32x32: G projects to [4, 4, 16]; D's first conv is 5x5 to 4 channels.
    assertEquals(dims(LATENT + k, 4 * 4 * 16), conditional.get("generator/project/kernel"));
    assertEquals(dims(5, 5, 3 + k, 4), conditional.get("discriminator/conv_1/kernel"));
    assertEquals(dims(5, 5, 3, 4), plain.get("discriminator/conv_1/kernel"));
    assertOnlyInputLayersDiffer(
        plain, conditional, "generator/project/kernel", "discriminator/conv_1/kernel");

    GanModel model = new DcGanBn(LATENT, image, 4, k);
    try (GanSession s = new GanSession(model, TestModels.settings(1), N)) {
      assertLabelPlaceholders(s.graph());
      assertEquals(List.of(-1L, 32L, 32L, 3L + k), concatShape(s.graph(), "discriminator/"));
      assertEquals(List.of(-1L, 32L, 32L, 3L), dims(s.graph().samples.shape().asArray()));
      assertRunsAndLabelsMatter(s, model);
    }
  }

  @Test
  void unconditionalGraphsHaveNoLabelsAndModelsRefuseMismatchedLabels() {
    try (Graph graph = new Graph()) {
      GanGraph gan = StepBuilder.oneDevice(graph, TestModels.tinyMlp(), TestModels.settings(1), 4);
      assertNull(gan.realLabels);
      assertNull(gan.fakeLabels);
      assertNull(graph.operation("real_labels"));
      assertNull(graph.operation("fake_labels"));
      assertFalse(hasOp(graph, "OneHot"));
    }
    try (GanSession s = new GanSession(TestModels.tinyMlp(), TestModels.settings(1), N)) {
      assertThrows(
          IllegalArgumentException.class,
          () -> s.generate(new float[N * LATENT], new int[] {0, 1}, N),
          "labels for an unconditional model");
    }
    GanModel conditional = new MlpGan(LATENT, ImageShape.MNIST, List.of(8), List.of(8), 4);
    try (GanSession s = new GanSession(conditional, TestModels.settings(1), N)) {
      assertThrows(IllegalArgumentException.class, () -> s.generate(new float[N * LATENT], N));
      assertThrows(
          IllegalArgumentException.class,
          () -> s.generate(new float[N * LATENT], new int[] {0, 4}, N),
          "label 4 of 4 classes");
    }
  }

  /**
   * One training step runs; G's output depends on the label (same z, other labels: other images;
   * same z and labels: the same images) and so does D (same images, other labels: other D(x)).
   */
  private static void assertRunsAndLabelsMatter(GanSession s, GanModel model) {
    ImageShape image = model.imageShape();
    int k = model.classes();
    float[] real = TestModels.uniform(2, N * image.pixels());
    float[] z = TestModels.uniform(3, N * LATENT);
    int[] labels = {0, k - 1};
    int[] other = {1, 0};
    StepResult step = s.trainStep(0, real, labels, z, labels, z, other);
    assertTrue(Float.isFinite(step.dLoss()) && Float.isFinite(step.gLoss()), step.toString());

    float[] a = s.generate(z, labels, N);
    assertEquals(N * image.pixels(), a.length);
    assertArrayEquals(a, s.generate(z, labels, N));
    float[] b = s.generate(z, other, N);
    assertFalse(Arrays.equals(a, b), "the labels must change G's images");

    float dRealA = ChosenSteps.evaluate(s, real, labels, z, labels).dReal();
    float dRealB = ChosenSteps.evaluate(s, real, other, z, labels).dReal();
    assertNotEquals(dRealA, dRealB, "the labels must change D's output");
  }

  private static void assertLabelPlaceholders(GanGraph gan) {
    for (var placeholder : List.of(gan.realLabels, gan.fakeLabels)) {
      assertEquals(DataType.DT_INT32, placeholder.asOutput().dataType());
      assertEquals(List.of(-1L), dims(placeholder.shape().asArray()));
    }
    assertEquals("real_labels", gan.realLabels.op().name());
    assertEquals("fake_labels", gan.fakeLabels.op().name());
  }

  /** The shape of the (first) concatenation of the one-hot under a network's scope. */
  private static List<Long> concatShape(GanGraph gan, String network) {
    Graph graph = (Graph) gan.fakeImages.op().env();
    for (var it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals("ConcatV2") && op.name().startsWith(network)) {
        return dims(op.output(0).shape().asArray());
      }
    }
    throw new AssertionError("no concatenation under " + network);
  }

  private static boolean hasOp(Graph graph, String type) {
    for (var it = graph.operations(); it.hasNext(); ) {
      if (it.next().type().equals(type)) {
        return true;
      }
    }
    return false;
  }

  private static void assertOnlyInputLayersDiffer(
      Map<String, List<Long>> plain, Map<String, List<Long>> conditional, String... inputLayers) {
    assertEquals(plain.keySet(), conditional.keySet(), "the same variables");
    List<String> differ = new ArrayList<>();
    plain.forEach(
        (name, shape) -> {
          if (!shape.equals(conditional.get(name))) {
            differ.add(name);
          }
        });
    assertEquals(List.of(inputLayers), differ);
  }

  private static Map<String, List<Long>> variables(GanModel model) {
    try (Graph graph = new Graph()) {
      return variables(StepBuilder.oneDevice(graph, model, TestModels.settings(1), 4));
    }
  }

  private static Map<String, List<Long>> variables(GanGraph gan) {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    gan.variables.all().forEach((name, v) -> out.put(name, dims(v.shape().asArray())));
    return out;
  }

  private static List<Long> dims(long... dims) {
    return Arrays.stream(dims).boxed().toList();
  }
}
