package dev.jgan.train.collapse;

import dev.jgan.classifier.BundledClassifiers;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.data.DatasetFetcher;
import dev.jgan.data.ImageSet;
import dev.jgan.model.ImageShape;
import org.slf4j.LoggerFactory;

/**
 * A number of an epoch's samples that falls when G collapses onto a few images, and which of {@link
 * CollapseDetector}'s limits is its floor.
 */
public interface DiversityMeasure extends AutoCloseable {
  /** What is measured, for the log: e.g. "class entropy". */
  String name();

  /** The measure of {@code count} images in [-1, 1], in G's shape. */
  double of(float[] images, int count);

  /** Below this (one of {@code limits}) the samples count as collapsed. */
  double floor(CollapseDetector.Thresholds limits);

  /** How to read the number, for the warning: e.g. "nats; ln 10 = 2.303 is uniform". */
  String scale();

  @Override
  default void close() {}

  /**
   * The measure for a run on {@code images}: the predicted-class entropy through the data set's
   * bundled classifier where there is one and G's images fit it, else the pixel spread against the
   * data's own; null (no rule) when the data's images are all the same.
   */
  static DiversityMeasure forData(String dataset, ImageShape image, ImageSet images) {
    var log = LoggerFactory.getLogger(DiversityMeasure.class);
    if (BundledClassifiers.has(dataset) && ClassEntropyMeasure.fits(image)) {
      try {
        return new ClassEntropyMeasure(
            ImageClassifier.load(
                BundledClassifiers.extract(dataset, DatasetFetcher.defaultCacheRoot())),
            image);
      } catch (RuntimeException e) {
        log.warn(
            "cannot load the {} classifier for the collapse detector ({}); it measures the pixel"
                + " spread instead",
            dataset,
            e.getMessage());
      }
    }
    double realSpread = PixelSpreadMeasure.realSpread(images, CollapseDetector.DIVERSITY_SAMPLES);
    if (realSpread == 0) {
      // Nothing to compare with: a generator of identical images is what this data asks for.
      log.info("the data set's images are all the same: no diversity rule");
      return null;
    }
    return new PixelSpreadMeasure(realSpread);
  }
}
