package dev.jgan.data;

/**
 * Labelled uint8 images, layout HWC per image, wherever they are kept: {@link ImageDataset} holds
 * them in one Java array (MNIST, Fashion-MNIST), {@link MappedImageSet} reads an image folder's
 * decoded store on disk through memory mappings, so that a set is bounded by the disk rather than
 * the heap (docs/DATA.md).
 */
public interface ImageSet extends ImageSource {
  int height();

  int width();

  int channels();

  /**
   * The number of classes: the largest label + 1 (10 for MNIST; the class folders of an image
   * folder). 1 when every image has label 0.
   */
  int classCount();

  /** Copies image {@code index}'s raw bytes (HWC, 0..255) into {@code dest[offset ..]}. */
  void copyBytes(int index, byte[] dest, int offset);

  /**
   * The raw pixel value 0..255 at (y, x, c) of image {@code index}; copies the image: spot checks.
   */
  default int pixel(int index, int y, int x, int c) {
    if (y < 0 || y >= height() || x < 0 || x >= width() || c < 0 || c >= channels()) {
      throw new IndexOutOfBoundsException(
          "("
              + y
              + ", "
              + x
              + ", "
              + c
              + ") outside "
              + height()
              + "x"
              + width()
              + "x"
              + channels());
    }
    byte[] image = new byte[imageSize()];
    copyBytes(index, image, 0);
    return image[(y * width() + x) * channels() + c] & 0xff;
  }
}
