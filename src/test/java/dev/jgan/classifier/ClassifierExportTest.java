package dev.jgan.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.data.ImageDataset;
import dev.jgan.export.ClassifierExporter;
import dev.jgan.model.ClassifierNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** A tiny classifier trained for a few steps on synthetic stripes, exported and loaded back. */
class ClassifierExportTest {
  static final ClassifierNet TINY = ClassifierNet.digits(4, 8, 16, 0.5f);

  @Test
  void trainingLowersTheLossAndLearnsTheStripes() {
    ImageDataset data = stripes(320, 1);
    try (ClassifierSession s = new ClassifierSession(TINY, ClassifierTraining.ADAM, 3)) {
      double before = ClassifierTraining.accuracy(s, data);
      float first = 0;
      float last = 0;
      float[] images = new float[32 * 784];
      int[] labels = new int[32];
      for (int step = 0; step < 60; step++) {
        for (int i = 0; i < 32; i++) {
          int index = (step * 32 + i) % data.size();
          data.copyImage(index, images, i * 784);
          labels[i] = data.label(index);
        }
        float loss = s.trainStep(step, images, labels);
        if (step == 0) {
          first = loss;
        }
        last = loss;
      }
      double after = ClassifierTraining.accuracy(s, data);
      assertTrue(first > 2.0, "starts near ln 10 = 2.3: " + first);
      assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
      assertTrue(after > 0.8 && after > before + 0.5, "accuracy " + before + " -> " + after);
    }
  }

  @Test
  void exportHasBothSignaturesAndMatchesTheTrainingGraph(@TempDir Path dir) throws Exception {
    ImageDataset train = stripes(64, 1);
    ImageDataset test = stripes(40, 2);
    Path out = dir.resolve("classifier");
    ClassifierTraining.Outcome outcome =
        ClassifierTraining.train(
            ClassifierTraining.Request.forDataset(
                dev.jgan.data.DatasetSpec.MNIST,
                java.util.Optional.empty(),
                TINY,
                1,
                16,
                0,
                7,
                out),
            train,
            test,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    assertEquals(4, outcome.steps()); // 64 / 16
    assertEquals(1, outcome.epochTestAccuracy().size());
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));

    ClassifierCard card = ClassifierCard.read(out);
    assertEquals("mnist", card.dataset());
    assertEquals(outcome.testAccuracy(), card.testAccuracy().getAsDouble(), 1e-12);

    float[] images = new float[5 * 784];
    for (int i = 0; i < 5; i++) {
      test.copyImage(i, images, i * 784);
    }
    // Through the raw SavedModel API, each signature on its own.
    float[] logits;
    float[] features;
    try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve");
        TFloat32 x =
            TFloat32.tensorOf(Shape.of(5, 28, 28, 1), DataBuffers.of(images, true, false));
        Result l =
            b.function(ClassifierExporter.LOGITS_SIGNATURE)
                .call(Map.of(ClassifierExporter.INPUT, x));
        Result f =
            b.function(ClassifierExporter.FEATURES_SIGNATURE)
                .call(Map.of(ClassifierExporter.INPUT, x))) {
      TFloat32 lt = (TFloat32) l.get(ClassifierExporter.LOGITS).orElseThrow();
      TFloat32 ft = (TFloat32) f.get(ClassifierExporter.FEATURES).orElseThrow();
      assertEquals(Shape.of(5, 10), lt.shape());
      assertEquals(Shape.of(5, 16), ft.shape());
      logits = new float[50];
      features = new float[80];
      lt.copyTo(DataBuffers.of(logits, false, false));
      ft.copyTo(DataBuffers.of(features, false, false));
    }
    for (float v : features) {
      assertTrue(v >= 0, "features come after a ReLU: " + v);
    }
    // Through ImageClassifier: one run fetches both, equal to the signatures' outputs.
    try (ImageClassifier c = ImageClassifier.load(out)) {
      assertEquals(16, c.featureDim());
      ImageClassifier.Outputs o = c.classify(images, 5);
      assertArrayEquals(logits, o.logits(), 1e-6f);
      assertArrayEquals(features, o.features(), 1e-6f);
      assertEquals(64, c.sha256().length());
      // The export is inference mode: the same images give the same outputs again (no dropout).
      assertArrayEquals(o.logits(), c.classify(images, 5).logits(), 0f);
    }
  }

  @Test
  void loadingRejectsFoldersThatAreNotClassifiers(@TempDir Path dir) throws Exception {
    BadInputException missing =
        assertThrows(BadInputException.class, () -> ImageClassifier.load(dir.resolve("none")));
    assertTrue(missing.getMessage().contains("no saved_model.pb"), missing.getMessage());
    Path generator = dev.jgan.generate.TestGenerators.mnistRun(dir).resolve("export");
    BadInputException wrong =
        assertThrows(BadInputException.class, () -> ImageClassifier.load(generator));
    assertTrue(wrong.getMessage().contains("'features' signature"), wrong.getMessage());
  }

  @Test
  void anUnknownBundledDataSetIsBadInput(@TempDir Path cache) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> BundledClassifiers.extract("cifar", cache));
    assertTrue(e.getMessage().contains("train-classifier --dataset cifar"), e.getMessage());
  }

  /** Class c: a bright band on rows 2c+4 and 2c+5 over dim noise; easy for any CNN. */
  static ImageDataset stripes(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[count * 784];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int c = random.nextInt(10);
      labels[i] = (byte) c;
      for (int p = 0; p < 784; p++) {
        int row = p / 28;
        boolean band = row == 2 * c + 4 || row == 2 * c + 5;
        pixels[i * 784 + p] = (byte) (band ? 200 + random.nextInt(56) : random.nextInt(60));
      }
    }
    return new ImageDataset("stripes", 28, 28, 1, pixels, labels);
  }
}
