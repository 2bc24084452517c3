package dev.jgan.data;

/**
 * The contents of an IDX uint8 image file: {@code count} images of {@code rows x cols} unsigned
 * bytes, stored row-major one image after the other.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {
  public IdxImages {
    if (count <= 0 || rows <= 0 || cols <= 0 || pixels.length != (long) count * rows * cols) {
      throw new IllegalArgumentException(
          "pixels.length " + pixels.length + " != " + count + " x " + rows + " x " + cols);
    }
  }
}
