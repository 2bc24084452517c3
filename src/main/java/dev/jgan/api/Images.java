package dev.jgan.api;

import dev.jgan.export.ImageGrid;
import dev.jgan.generate.ImageSinks;
import dev.jgan.model.ImageShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A batch of generated images, NHWC float32 in [-1, 1], with conversions to what a service sends:
 * float arrays, {@code BufferedImage}s (grey for one channel, RGB for three) and PNG bytes.
 * Immutable.
 */
public final class Images {
  private final float[] pixels;
  private final ImageShape shape;
  private final int count;

  Images(float[] pixels, ImageShape shape, int count) {
    this.pixels = pixels;
    this.shape = shape;
    this.count = count;
  }

  /** The number of images. */
  public int count() {
    return count;
  }

  /** Pixel rows of one image. */
  public int height() {
    return shape.height();
  }

  /** Pixel columns of one image. */
  public int width() {
    return shape.width();
  }

  /** 1 (grey) or 3 (RGB). */
  public int channels() {
    return shape.channels();
  }

  /** All images, {@code count * height * width * channels} values, NHWC, in [-1, 1] (a copy). */
  public float[] pixels() {
    return pixels.clone();
  }

  /** Image {@code i}, {@code height * width * channels} values, HWC, in [-1, 1] (a copy). */
  public float[] pixels(int i) {
    int from = Math.multiplyExact(checkIndex(i), shape.pixels());
    return Arrays.copyOfRange(pixels, from, from + shape.pixels());
  }

  /** Image {@code i} at its own size. */
  public BufferedImage image(int i) {
    return ImageSinks.image(pixels, checkIndex(i) * shape.pixels(), shape);
  }

  /** Every image at its own size, in order. */
  public List<BufferedImage> images() {
    List<BufferedImage> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(image(i));
    }
    return all;
  }

  /** Image {@code i} as a PNG file's bytes. */
  public byte[] png(int i) {
    return encode(image(i));
  }

  /**
   * All images tiled into one grid, the way {@code gan generate --format grid} draws it: grey gaps,
   * small images scaled up to about 64 pixels.
   *
   * @param columns images per row (at least 1)
   */
  public BufferedImage grid(int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("columns " + columns + ": give at least 1");
    }
    return ImageGrid.render(pixels, shape, count, columns, ImageGrid.viewingScale(shape));
  }

  /** {@link #grid(int)} with about as many columns as rows. */
  public BufferedImage grid() {
    return grid(Math.max(1, (int) Math.ceil(Math.sqrt(count))));
  }

  /** {@link #grid(int)} as PNG bytes. */
  public byte[] gridPng(int columns) {
    return encode(grid(columns));
  }

  /** {@link #grid()} as PNG bytes. */
  public byte[] gridPng() {
    return encode(grid());
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("image " + i + " of " + count);
    }
    return i;
  }

  static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer available in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a memory stream does not fail
    }
    return bytes.toByteArray();
  }
}
