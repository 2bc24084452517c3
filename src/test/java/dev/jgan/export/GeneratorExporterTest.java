package dev.jgan.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.model.GanModel;
import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.tensorflow.types.TFloat32;

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

  @Test
  void exportedDiscriminatorGivesTheTrainedProbabilities(@TempDir Path dir) throws Exception {
    GanModel model = TestModels.tinyMlp();
    float[] real = TestModels.uniform(1, 4 * 784);
    float[] z = TestModels.uniform(2, 4 * TestModels.LATENT);
    float expectedMean;
    try (GanSession s = new GanSession(model, TestModels.settings(3), 4)) {
      s.trainStep(0, real, z, z);
      expectedMean = s.evaluate(real, z).dReal(); // mean sigmoid(D(real))
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
