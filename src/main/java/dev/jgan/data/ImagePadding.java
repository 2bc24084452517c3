package dev.jgan.data;

/**
 * Pads images with a border of 0 to a larger square, e.g. MNIST's 28x28 digits to 32x32 (2 pixels
 * on each side). Padding rather than resizing keeps every stroke exactly as drawn, with no
 * resampling blur, and MNIST's background is 0 (black), so the border is just more background. It
 * is the classic LeNet-5 input, and 32 = 2^5 suits networks that halve the size several times.
 */
public final class ImagePadding {
  private ImagePadding() {}

  /**
   * A copy of {@code data} with each image centred in a {@code size x size} field of zeros, labels
   * and name unchanged. When the margin is odd, the extra pixel goes to the bottom and right.
   */
  public static ImageDataset padTo(ImageDataset data, int size) {
    int height = data.height();
    int width = data.width();
    int channels = data.channels();
    if (size < height || size < width) {
      throw new IllegalArgumentException(
          "cannot pad " + height + "x" + width + " images to the smaller " + size + "x" + size);
    }
    if ((long) data.size() * size * size * channels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(data + " padded to " + size + " exceeds one array");
    }
    int top = (size - height) / 2;
    int left = (size - width) / 2;
    int rowBytes = width * channels;
    int outImage = size * size * channels;
    byte[] src = data.pixelBytes();
    byte[] out = new byte[data.size() * outImage];
    for (int i = 0; i < data.size(); i++) {
      for (int y = 0; y < height; y++) {
        int from = i * data.imageSize() + y * rowBytes;
        int to = i * outImage + ((top + y) * size + left) * channels;
        System.arraycopy(src, from, out, to, rowBytes);
      }
    }
    byte[] labels = data.labelBytes().clone();
    return new ImageDataset(data.name(), size, size, channels, out, labels);
  }
}
