package dev.jgan.export;

import dev.jgan.FileTrees;
import dev.jgan.model.ImageShape;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Tiles images in [-1, 1] into one PNG: a grid people read at a glance. */
public final class ImageGrid {
  /** Gap between cells, in pixels; mid-grey so that black and white images both stand out. */
  public static final int PADDING = 2;

  static final int PADDING_GREY = 128;

  private ImageGrid() {}

  /**
   * @param pixels {@code count * H * W * C}, NHWC, values in [-1, 1]
   * @param columns images per row; rows follow from the count
   * @param scale each image pixel becomes scale x scale grid pixels (nearest neighbour)
   */
  public static BufferedImage render(
      float[] pixels, ImageShape shape, int count, int columns, int scale) {
    int rows = (count + columns - 1) / columns;
    int cellW = shape.width() * scale + PADDING;
    int cellH = shape.height() * scale + PADDING;
    int type = shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    BufferedImage grid = new BufferedImage(columns * cellW + PADDING, rows * cellH + PADDING, type);
    // Write samples straight into the raster: setRGB on a grey image would apply a colour-space
    // conversion and darken mid-greys.
    WritableRaster raster = grid.getRaster();
    int bands = raster.getNumBands();
    for (int y = 0; y < grid.getHeight(); y++) {
      for (int x = 0; x < grid.getWidth(); x++) {
        for (int band = 0; band < bands; band++) {
          raster.setSample(x, y, band, PADDING_GREY);
        }
      }
    }
    for (int i = 0; i < count; i++) {
      int left = PADDING + (i % columns) * cellW;
      int top = PADDING + (i / columns) * cellH;
      int base = i * shape.pixels();
      for (int y = 0; y < shape.height() * scale; y++) {
        for (int x = 0; x < shape.width() * scale; x++) {
          int at = base + ((y / scale) * shape.width() + x / scale) * shape.channels();
          for (int band = 0; band < bands; band++) {
            raster.setSample(left + x, top + y, band, toByte(pixels[at + band]));
          }
        }
      }
    }
    return grid;
  }

  /** A scale that shows small images (MNIST's 28 pixels) at a comfortable size: about 64. */
  public static int viewingScale(ImageShape shape) {
    return Math.max(1, 64 / Math.max(shape.height(), shape.width()));
  }

  /** Writes the PNG through a temporary file, so a reader never sees half an image. */
  public static void write(BufferedImage image, Path file) throws IOException {
    FileTrees.writeFile(
        file,
        temp -> {
          if (!ImageIO.write(image, "png", temp.toFile())) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  /** [-1, 1] -> [0, 255]: round((p + 1) * 127.5), clamped (the contract in models/README.md). */
  public static int toByte(float value) {
    int v = Math.round((value + 1f) * 127.5f);
    return Math.max(0, Math.min(255, v));
  }
}
