package dev.jgan.data;

import dev.jgan.BadInputException;

/**
 * Labelled images held in memory as unsigned bytes, layout NHWC: a quarter of the memory of floats
 * (47 MB instead of 188 MB for MNIST's 60,000 training images). Conversion to the network's [-1, 1]
 * floats happens per batch in {@link #copyImage}.
 */
public final class ImageDataset implements ImageSet {
  private final String name;
  private final int height;
  private final int width;
  private final int channels;
  private final byte[] pixels;
  private final byte[] labels;

  /**
   * Takes ownership of the arrays (no copy: they are large). {@code pixels} holds {@code
   * labels.length} images of {@code height * width * channels} bytes each.
   */
  public ImageDataset(
      String name, int height, int width, int channels, byte[] pixels, byte[] labels) {
    if (height <= 0 || width <= 0 || channels <= 0 || labels.length == 0) {
      throw new IllegalArgumentException(
          "empty data set or bad shape "
              + labels.length
              + "x"
              + height
              + "x"
              + width
              + "x"
              + channels);
    }
    if (pixels.length != (long) labels.length * height * width * channels) {
      throw new IllegalArgumentException(
          pixels.length
              + " pixel bytes do not hold "
              + labels.length
              + " images of "
              + height
              + "x"
              + width
              + "x"
              + channels);
    }
    this.name = name;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * Pairs an IDX image file with its label file (one channel). Counts must agree, otherwise the
   * files belong to different sets.
   */
  public static ImageDataset fromIdx(String name, IdxImages images, IdxLabels labels) {
    if (images.count() != labels.count()) {
      throw new BadInputException(
          name
              + ": the image file holds "
              + images.count()
              + " images but the label file "
              + labels.count()
              + " labels; the files come from different sets, re-download them");
    }
    return new ImageDataset(
        name, images.rows(), images.cols(), 1, images.pixels(), labels.labels());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int channels() {
    return channels;
  }

  /** Values per image: height * width * channels. */
  @Override
  public int imageSize() {
    return height * width * channels;
  }

  /** The label of image {@code index}, 0..255 (0..9 for MNIST). */
  @Override
  public int label(int index) {
    return labels[index] & 0xff;
  }

  /**
   * The number of classes: the largest label + 1 (10 for MNIST; the class folders of an image
   * folder, whose labels are 0..classes-1 with at least one image each). 1 when every image has
   * label 0, as in an image folder without class sub-folders.
   */
  @Override
  public int classCount() {
    int max = 0;
    for (byte label : labels) {
      max = Math.max(max, label & 0xff);
    }
    return max + 1;
  }

  /** The raw pixel value 0..255 at (y, x, c) of image {@code index}. */
  @Override
  public int pixel(int index, int y, int x, int c) {
    if (y < 0 || y >= height || x < 0 || x >= width || c < 0 || c >= channels) {
      throw new IndexOutOfBoundsException("(" + y + ", " + x + ", " + c + ") outside " + shape());
    }
    return pixels[offsetOf(index) + (y * width + x) * channels + c] & 0xff;
  }

  /**
   * Writes image {@code index} into {@code dest[offset ..]} in HWC order, each pixel p scaled to p
   * / 127.5 - 1, so 0 becomes -1 and 255 becomes 1 (the range of a tanh generator).
   */
  @Override
  public void copyImage(int index, float[] dest, int offset) {
    int size = imageSize();
    int from = offsetOf(index);
    if (offset < 0 || offset > dest.length - size) {
      throw new IndexOutOfBoundsException(
          "dest[" + offset + " .. " + (offset + size) + "] outside length " + dest.length);
    }
    for (int i = 0; i < size; i++) {
      dest[offset + i] = (pixels[from + i] & 0xff) / 127.5f - 1f;
    }
  }

  @Override
  public void copyBytes(int index, byte[] dest, int offset) {
    System.arraycopy(pixels, offsetOf(index), dest, offset, imageSize());
  }

  /** The pixel array itself, not a copy, for code in this package that re-packs whole sets. */
  byte[] pixelBytes() {
    return pixels;
  }

  /** The label array itself, not a copy. */
  byte[] labelBytes() {
    return labels;
  }

  @Override
  public String toString() {
    return name + " " + shape();
  }

  private String shape() {
    return "[" + size() + ", " + height + ", " + width + ", " + channels + "]";
  }

  private int offsetOf(int index) {
    if (index < 0 || index >= labels.length) {
      throw new IndexOutOfBoundsException("image " + index + " outside 0.." + (labels.length - 1));
    }
    return index * imageSize();
  }
}
