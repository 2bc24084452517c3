package dev.jgan.data;

/**
 * What {@link BatchStream} needs from an image set. {@link ImageSet} adds the shape and raw bytes;
 * this smaller interface lets tests make the producer thread fail.
 */
public interface ImageSource {
  String name();

  int size();

  /** Floats per image. */
  int imageSize();

  void copyImage(int index, float[] dest, int offset);

  int label(int index);
}
