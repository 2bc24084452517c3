package dev.jgan.train.collapse;

import dev.jgan.classifier.ImageClassifier;
import dev.jgan.eval.ClassStatistics;
import dev.jgan.eval.Evaluation;
import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;

/**
 * The entropy (nats) of the classes a data set's classifier predicts for the samples: ln 10 = 2.303
 * when the ten classes are equally frequent, near 0 when G makes one class. It sees what a person
 * sees in the grid (a dot pattern called "1" a hundred times) however the pixels vary.
 */
public final class ClassEntropyMeasure implements DiversityMeasure {
  private final ImageClassifier classifier;
  private final ImageShape shape;

  /**
   * @param classifier closed with this measure
   * @param shape G's images: 28x28x1, or 32x32x1 (dcgan-bn's padded MNIST, cropped back)
   */
  public ClassEntropyMeasure(ImageClassifier classifier, ImageShape shape) {
    if (!shape.equals(ClassifierNet.IMAGE) && !shape.equals(Evaluation.PADDED_MNIST)) {
      throw new IllegalArgumentException("the classifier takes 28x28x1 images, not " + shape);
    }
    this.classifier = classifier;
    this.shape = shape;
  }

  /** Whether G's images fit the classifier (as they are or cropped). */
  public static boolean fits(ImageShape shape) {
    return shape.equals(ClassifierNet.IMAGE) || shape.equals(Evaluation.PADDED_MNIST);
  }

  @Override
  public String name() {
    return "class entropy";
  }

  @Override
  public double of(float[] images, int count) {
    float[] input = shape.equals(ClassifierNet.IMAGE) ? images : Evaluation.crop(images, shape);
    return ClassStatistics.fromLogits(
            classifier.classify(input, count).logits(), ClassifierNet.CLASSES)
        .entropy();
  }

  @Override
  public double floor(CollapseDetector.Thresholds limits) {
    return limits.minSampleEntropy();
  }

  @Override
  public String scale() {
    return "nats; ln 10 = 2.303 is uniform";
  }

  @Override
  public void close() {
    classifier.close();
  }
}
