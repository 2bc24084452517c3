package dev.jgan.data;

/**
 * What {@link BatchStream} needs from an image set. {@link ImageDataset} is the real one; the
 * interface lets tests make the producer thread fail.
 */
interface ImageSource {
  String name();

  int size();

  /** Floats per image. */
  int imageSize();

  void copyImage(int index, float[] dest, int offset);

  int label(int index);
}
