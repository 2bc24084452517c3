package dev.jgan.eval.folder;

import dev.jgan.BadInputException;
import dev.jgan.data.ImageSet;
import dev.jgan.export.ImageGrid;
import dev.jgan.model.ImageShape;
import java.util.SplittableRandom;

/**
 * The images a folder's feature network reads: the run's images (real or generated) as 8-bit
 * pixels, box-averaged down to {@link #SIZE} pixels when the run's size is a multiple of it. Real
 * and generated images take the same path, generated ones quantized to bytes first as a PNG would
 * hold them, so that neither side differs from the other by anything but content.
 */
final class FeatureImages {
  /** 32x32: the fast option of dcgan-bn, and 64x64 runs averaged 2x2. */
  static final int SIZE = 32;

  private final ImageShape from;
  private final ImageShape to;
  private final int factor;

  private FeatureImages(ImageShape from, ImageShape to, int factor) {
    this.from = from;
    this.to = to;
    this.factor = factor;
  }

  /**
   * The feature images of a run making {@code from} images: {@link #SIZE} when its size is a
   * multiple of it, else its own size when that divides by 4 (the network's two poolings).
   */
  static FeatureImages of(ImageShape from) {
    int size = from.height();
    if (from.width() != size) {
      throw new BadInputException("folder evaluation needs square images, not " + from);
    }
    if (size >= SIZE && size % SIZE == 0) {
      return new FeatureImages(from, new ImageShape(SIZE, SIZE, from.channels()), size / SIZE);
    }
    if (size % 4 == 0) {
      return new FeatureImages(from, from, 1);
    }
    throw new BadInputException(
        "folder evaluation reads images of a multiple of "
            + SIZE
            + " pixels, or of a multiple of 4 below it, not "
            + size
            + "; train with --image-size 32 or 64");
  }

  ImageShape shape() {
    return to;
  }

  /** Images {@code indices} of {@code set} (of the run's shape) at the feature size, as bytes. */
  byte[] real(ImageSet set, int[] indices) {
    byte[] image = new byte[from.pixels()];
    byte[] out = new byte[Math.multiplyExact(indices.length, to.pixels())];
    for (int i = 0; i < indices.length; i++) {
      set.copyBytes(indices[i], image, 0);
      shrink(image, 0, out, i * to.pixels());
    }
    return out;
  }

  /** {@code count} generated images in [-1, 1] (the run's shape) at the feature size, as bytes. */
  byte[] generated(float[] pixels, int count) {
    byte[] image = new byte[from.pixels()];
    byte[] out = new byte[Math.multiplyExact(count, to.pixels())];
    for (int i = 0; i < count; i++) {
      int base = i * from.pixels();
      for (int p = 0; p < image.length; p++) {
        image[p] = (byte) ImageGrid.toByte(pixels[base + p]);
      }
      shrink(image, 0, out, i * to.pixels());
    }
    return out;
  }

  /**
   * {@code count} images of independent uniform 8-bit pixels at the run's size, at the feature
   * size: a generator that learnt nothing, through the same path as a real one.
   */
  byte[] noise(int count, SplittableRandom random) {
    byte[] image = new byte[from.pixels()];
    byte[] out = new byte[Math.multiplyExact(count, to.pixels())];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < image.length; p++) {
        image[p] = (byte) random.nextInt(256);
      }
      shrink(image, 0, out, i * to.pixels());
    }
    return out;
  }

  /** 8-bit pixels as the networks' [-1, 1] floats (p / 127.5 - 1, as the training data). */
  static float[] floats(byte[] pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] & 0xff) / 127.5f - 1f;
    }
    return out;
  }

  /** One HWC image averaged over factor x factor blocks, rounded to the nearest byte. */
  private void shrink(byte[] image, int offset, byte[] out, int outOffset) {
    int channels = from.channels();
    int area = factor * factor;
    for (int y = 0; y < to.height(); y++) {
      for (int x = 0; x < to.width(); x++) {
        for (int c = 0; c < channels; c++) {
          int sum = 0;
          for (int dy = 0; dy < factor; dy++) {
            int row = (y * factor + dy) * from.width();
            for (int dx = 0; dx < factor; dx++) {
              sum += image[offset + (row + x * factor + dx) * channels + c] & 0xff;
            }
          }
          out[outOffset + (y * to.width() + x) * channels + c] = (byte) ((sum + area / 2) / area);
        }
      }
    }
  }
}
