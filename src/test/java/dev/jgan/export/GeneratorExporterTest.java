package dev.jgan.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.train.ChosenSteps;
import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class GeneratorExporterTest {
  private static final int COUNT = 5;

  @Test
  void exportedGeneratorReproducesTrainedImagesAndHoldsOnlyTheGenerator(@TempDir Path dir)
      throws Exception {
    GanModel model = TestModels.tinyMlp();
    float[] z = TestModels.uniform(9, COUNT * TestModels.LATENT);
    float[] expected;
    try (GanSession s = new GanSession(model, TestModels.settings(3), 4)) {
      float[] real = TestModels.uniform(1, 4 * 784);
      for (int i = 0; i < 3; i++) {
        s.trainStep(0, real, TestModels.uniform(10 + i, 4 * 8), TestModels.uniform(20 + i, 4 * 8));
      }
      expected = s.generate(z, COUNT);
      s.save(dir.resolve("ckpt/ckpt").toString());
    }
    Path exportDir = dir.resolve("export");
    GeneratorExporter.export(model, dir.resolve("ckpt/ckpt").toString(), exportDir);
    assertTrue(Files.exists(exportDir.resolve("saved_model.pb")));
    try (Stream<Path> leftovers = Files.list(dir)) {
      assertEquals(
          List.of("ckpt", "export"),
          leftovers.map(p -> p.getFileName().toString()).sorted().toList());
    }

    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.toString(), "serve")) {
      Signature signature = bundle.function("serving_default").signature();
      assertEquals("tensorflow/serving/predict", signature.methodName());
      assertEquals(java.util.Set.of("z"), signature.inputNames());
      assertEquals(java.util.Set.of("images"), signature.outputNames());
      boolean onlyGenerator = true;
      for (var it = bundle.graph().operations(); it.hasNext(); ) {
        var op = it.next();
        if (op.type().equals("VariableV2") && !op.name().startsWith("generator/")) {
          onlyGenerator = false;
        }
      }
      assertTrue(onlyGenerator, "the export must hold G's variables only");
      assertEquals(null, bundle.graph().operation("num_classes"), "unconditional: no classes");
      try (TFloat32 zt =
              TFloat32.tensorOf(
                  Shape.of(COUNT, TestModels.LATENT), DataBuffers.of(z, true, false));
          Result r = bundle.function("serving_default").call(Map.of("z", zt))) {
        TFloat32 images = (TFloat32) r.get("images").orElseThrow();
        assertEquals(Shape.of(COUNT, 28, 28, 1), images.shape());
        float[] actual = new float[COUNT * 784];
        images.copyTo(DataBuffers.of(actual, false, false));
        assertArrayEquals(expected, actual, 1e-6f);
      }
    }
  }

  /** export(averaged) serves what the training session's (EMA) sample grids show. */
  @Test
  void averagedExportServesTheEmaGeneratorOfTheGrids(@TempDir Path dir) throws Exception {
    GanModel model = TestModels.tinyMlp();
    float[] z = TestModels.uniform(9, COUNT * TestModels.LATENT);
    float[] grid;
    float[] raw;
    try (GanSession s = new GanSession(model, TestModels.settings(3).withEmaDecay(0.9f), 4)) {
      float[] real = TestModels.uniform(1, 4 * 784);
      for (int i = 0; i < 3; i++) {
        s.trainStep(i, real, TestModels.uniform(10 + i, 4 * 8), TestModels.uniform(20 + i, 4 * 8));
      }
      grid = s.generate(z, COUNT);
      s.save(dir.resolve("ckpt/ckpt").toString());
    }
    GeneratorExporter.export(model, dir.resolve("ckpt/ckpt").toString(), dir.resolve("ema"), true);
    GeneratorExporter.export(model, dir.resolve("ckpt/ckpt").toString(), dir.resolve("raw"));
    assertArrayEquals(grid, call(dir.resolve("ema"), z), 1e-6f);
    raw = call(dir.resolve("raw"), z);
    assertFalse(java.util.Arrays.equals(grid, raw), "the raw export is another generator");
  }

  private static float[] call(Path export, float[] z) {
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
        TFloat32 zt =
            TFloat32.tensorOf(Shape.of(COUNT, TestModels.LATENT), DataBuffers.of(z, true, false));
        Result r = bundle.function("serving_default").call(Map.of("z", zt))) {
      TFloat32 images = (TFloat32) r.get("images").orElseThrow();
      float[] out = new float[COUNT * 784];
      images.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  @Test
  void conditionalExportTakesZAndLabelsAndTheLabelsChooseTheImages(@TempDir Path dir)
      throws Exception {
    int classes = 3;
    GanModel model =
        new MlpGan(TestModels.LATENT, ImageShape.MNIST, List.of(16), List.of(16), classes);
    float[] z = TestModels.uniform(9, COUNT * TestModels.LATENT);
    int[] labels = {0, 1, 2, 0, 1};
    int[] shifted = {1, 2, 0, 1, 2};
    float[] expected;
    try (GanSession s = new GanSession(model, TestModels.settings(3), 4)) {
      float[] real = TestModels.uniform(1, 4 * 784);
      for (int i = 0; i < 3; i++) {
        s.trainStep(
            i,
            real,
            new int[] {0, 1, 2, 0},
            TestModels.uniform(10 + i, 4 * 8),
            new int[] {2, 2, 1, 0},
            TestModels.uniform(20 + i, 4 * 8),
            new int[] {1, 0, 0, 2});
      }
      expected = s.generate(z, labels, COUNT);
      s.save(dir.resolve("ckpt/ckpt").toString());
    }
    Path exportDir = dir.resolve("export");
    GeneratorExporter.export(model, dir.resolve("ckpt/ckpt").toString(), exportDir);

    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.toString(), "serve")) {
      Signature signature = bundle.function("serving_default").signature();
      assertEquals(java.util.Set.of("z", "labels"), signature.inputNames());
      assertEquals(java.util.Set.of("images"), signature.outputNames());
      assertEquals(DataType.DT_INT32, signature.getInputs().get("labels").dataType);
      assertEquals(1, signature.getInputs().get("labels").shape.numDimensions());
      assertEquals(DataType.DT_FLOAT, signature.getInputs().get("z").dataType);
      try (Result r = bundle.session().runner().fetch("num_classes").run()) {
        assertEquals(classes, ((TInt32) r.get(0)).getInt());
      }
      float[] actual = call(bundle, z, labels);
      assertArrayEquals(expected, actual, 1e-6f);
      assertArrayEquals(actual, call(bundle, z, labels), "same z and labels: same images");
      float[] other = call(bundle, z, shifted);
      for (int i = 0; i < COUNT; i++) {
        float[] a = Arrays.copyOfRange(actual, i * 784, (i + 1) * 784);
        float[] b = Arrays.copyOfRange(other, i * 784, (i + 1) * 784);
        assertFalse(Arrays.equals(a, b), "image " + i + ": another label, another image");
      }
      // Image 3 has label 0 like image 0: with image 0's z it is image 0.
      float[] z0 = Arrays.copyOf(z, TestModels.LATENT);
      assertArrayEquals(
          Arrays.copyOf(actual, 784), call(bundle, z0, new int[] {0}), 1e-6f, "batch of one");
    }
  }

  private static float[] call(SavedModelBundle bundle, float[] z, int[] labels) {
    int n = labels.length;
    try (TFloat32 zt =
            TFloat32.tensorOf(Shape.of(n, TestModels.LATENT), DataBuffers.of(z, true, false));
        TInt32 lt = TInt32.tensorOf(Shape.of(n), DataBuffers.of(labels, true, false));
        Result r = bundle.function("serving_default").call(Map.of("z", zt, "labels", lt))) {
      TFloat32 images = (TFloat32) r.get("images").orElseThrow();
      assertEquals(Shape.of(n, 28, 28, 1), images.shape());
      float[] out = new float[n * 784];
      images.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  @Test
  void conditionalDiscriminatorExportTakesLabels(@TempDir Path dir) throws Exception {
    GanModel model = new MlpGan(TestModels.LATENT, ImageShape.MNIST, List.of(16), List.of(16), 3);
    float[] real = TestModels.uniform(1, 4 * 784);
    int[] labels = {0, 1, 2, 1};
    float[] z = TestModels.uniform(2, 4 * TestModels.LATENT);
    float expectedMean;
    try (GanSession s = new GanSession(model, TestModels.settings(3), 4)) {
      s.trainStep(0, real, labels, z, labels, z, labels);
      expectedMean = ChosenSteps.evaluate(s, real, labels, z, labels).dReal();
      s.save(dir.resolve("ckpt/ckpt").toString());
    }
    Path exportDir = dir.resolve("export-discriminator");
    DiscriminatorExporter.export(model, dir.resolve("ckpt/ckpt").toString(), exportDir);
    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.toString(), "serve");
        TFloat32 images =
            TFloat32.tensorOf(Shape.of(4, 28, 28, 1), DataBuffers.of(real, true, false));
        TInt32 lt = TInt32.tensorOf(Shape.of(4), DataBuffers.of(labels, true, false));
        Result r = bundle.function("discriminate").call(Map.of("images", images, "labels", lt))) {
      TFloat32 p = (TFloat32) r.get("probability").orElseThrow();
      assertEquals(Shape.of(4, 1), p.shape());
      float mean = 0;
      for (int i = 0; i < 4; i++) {
        mean += p.getFloat(i, 0) / 4;
      }
      assertEquals(expectedMean, mean, 1e-6);
    }
  }

  @Test
  void exportedDiscriminatorGivesTheTrainedProbabilities(@TempDir Path dir) throws Exception {
    GanModel model = TestModels.tinyMlp();
    float[] real = TestModels.uniform(1, 4 * 784);
    float[] z = TestModels.uniform(2, 4 * TestModels.LATENT);
    float expectedMean;
    try (GanSession s = new GanSession(model, TestModels.settings(3), 4)) {
      s.trainStep(0, real, z, z);
      expectedMean = ChosenSteps.evaluate(s, real, z).dReal(); // mean sigmoid(D(real))
      s.save(dir.resolve("ckpt/ckpt").toString());
    }
    Path exportDir = dir.resolve("export-discriminator");
    DiscriminatorExporter.export(model, dir.resolve("ckpt/ckpt").toString(), exportDir);
    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.toString(), "serve");
        TFloat32 images =
            TFloat32.tensorOf(Shape.of(4, 28, 28, 1), DataBuffers.of(real, true, false));
        Result r = bundle.function("discriminate").call(Map.of("images", images))) {
      TFloat32 p = (TFloat32) r.get("probability").orElseThrow();
      assertEquals(Shape.of(4, 1), p.shape());
      float mean = 0;
      for (int i = 0; i < 4; i++) {
        float value = p.getFloat(i, 0);
        assertTrue(value > 0 && value < 1, "probability " + value);
        mean += value / 4;
      }
      assertEquals(expectedMean, mean, 1e-6);
    }
  }
}
