package dev.jgan.train.collapse;

import dev.jgan.data.ImageSource;

/**
 * The samples' mean pairwise Euclidean pixel distance divided by that of as many real images: about
 * 1 for samples as varied as the data, near 0 when G makes one image. For data sets without a
 * classifier; it cannot tell varied noise from varied digits, only sameness.
 */
public final class PixelSpreadMeasure implements DiversityMeasure {
  private final double realSpread;

  /**
   * @param realSpread the real images' mean pairwise distance ({@link #realSpread})
   */
  public PixelSpreadMeasure(double realSpread) {
    if (!(realSpread > 0)) {
      throw new IllegalArgumentException("the real images are all the same: spread " + realSpread);
    }
    this.realSpread = realSpread;
  }

  /** The mean pairwise distance of {@code count} images spread evenly over the data set. */
  public static double realSpread(ImageSource data, int count) {
    int n = Math.min(count, data.size());
    int size = data.imageSize();
    float[] images = new float[n * size];
    for (int i = 0; i < n; i++) {
      data.copyImage((int) ((long) i * data.size() / n), images, i * size);
    }
    return meanPairwiseDistance(images, n);
  }

  /** The mean Euclidean distance over all pairs of {@code count} images. */
  static double meanPairwiseDistance(float[] images, int count) {
    if (count < 2) {
      throw new IllegalArgumentException("a spread needs 2 images, not " + count);
    }
    int size = images.length / count;
    double sum = 0;
    for (int a = 0; a < count; a++) {
      for (int b = a + 1; b < count; b++) {
        double squares = 0;
        for (int p = 0; p < size; p++) {
          double d = images[a * size + p] - images[b * size + p];
          squares += d * d;
        }
        sum += Math.sqrt(squares);
      }
    }
    return sum / ((double) count * (count - 1) / 2);
  }

  @Override
  public String name() {
    return "pixel spread";
  }

  @Override
  public double of(float[] images, int count) {
    return meanPairwiseDistance(images, count) / realSpread;
  }

  @Override
  public double floor(CollapseDetector.Thresholds limits) {
    return limits.minPixelSpread();
  }

  @Override
  public String scale() {
    return "mean pairwise pixel distance over the real images'; 1 is as varied as the data";
  }
}
