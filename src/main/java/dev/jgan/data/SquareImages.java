package dev.jgan.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded image of any shape and colour model into {@code size x size x channels} bytes
 * (HWC): transparent pixels composited on white, centre-cropped to a square, resized. Done by hand
 * rather than with Java2D drawing, whose result depends on the rendering pipeline and which applies
 * a gamma curve to grayscale images; here the same file gives the same bytes everywhere.
 */
final class SquareImages {
  private SquareImages() {}

  /** {@code channels} is 3 (RGB) or 1 (luma, Rec. 601 weights as in JPEG and PIL). */
  static byte[] convert(BufferedImage image, int size, int channels) {
    int side = Math.min(image.getWidth(), image.getHeight());
    // Centre crop: the middle square keeps the subject of most photos undistorted.
    int x0 = (image.getWidth() - side) / 2;
    int y0 = (image.getHeight() - side) / 2;
    Resampler resampler = Resampler.of(side, size);
    RowReader rows = rowReader(image);
    int[] argb = new int[side];
    double[] row = new double[side * channels];
    int outRow = size * channels;
    double[] narrow = new double[side * outRow]; // every input row, already resized in x
    for (int y = 0; y < side; y++) {
      rows.read(x0, y0 + y, argb);
      for (int x = 0; x < side; x++) {
        onWhite(argb[x], channels, row, x * channels);
      }
      resampler.apply(row, 0, channels, narrow, y * outRow, channels, channels);
    }
    double[] out = new double[size * outRow];
    for (int x = 0; x < size; x++) {
      resampler.apply(narrow, x * channels, outRow, out, x * channels, outRow, channels);
    }
    byte[] bytes = new byte[out.length];
    for (int i = 0; i < out.length; i++) {
      bytes[i] = (byte) Math.round(Math.max(0, Math.min(255, out[i])));
    }
    return bytes;
  }

  /** Composites one non-premultiplied ARGB pixel on white and writes its channels at {@code at}. */
  private static void onWhite(int argb, int channels, double[] dest, int at) {
    int a = argb >>> 24;
    double r = over(argb >> 16 & 0xff, a);
    double g = over(argb >> 8 & 0xff, a);
    double b = over(argb & 0xff, a);
    if (channels == 1) {
      dest[at] = 0.299 * r + 0.587 * g + 0.114 * b;
    } else {
      dest[at] = r;
      dest[at + 1] = g;
      dest[at + 2] = b;
    }
  }

  private static double over(int value, int alpha) {
    return (value * alpha + 255.0 * (255 - alpha)) / 255.0;
  }

  /** Reads {@code argb.length} pixels of row {@code y} from column {@code x0}, as sRGB ARGB. */
  private interface RowReader {
    void read(int x0, int y, int[] argb);
  }

  private static RowReader rowReader(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    boolean gray =
        cm instanceof ComponentColorModel
            && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && !cm.isAlphaPremultiplied();
    if (!gray) {
      return (x0, y, argb) -> image.getRGB(x0, y, argb.length, 1, argb, 0, argb.length);
    }
    // Grayscale PNGs and JPEGs decode to a linear-gray colour model, and getRGB would convert the
    // stored values through a gamma curve (gray 100 reads as 168). The files hold
    // gamma-encoded values like any sRGB image, so the raw samples are the right ones.
    Raster raster = image.getRaster();
    int grayMax = (1 << cm.getComponentSize(0)) - 1;
    int alphaMax = cm.hasAlpha() ? (1 << cm.getComponentSize(1)) - 1 : 0;
    return (x0, y, argb) -> {
      int n = argb.length;
      int[] gray8 = raster.getSamples(x0, y, n, 1, 0, (int[]) null);
      int[] alpha = alphaMax > 0 ? raster.getSamples(x0, y, n, 1, 1, (int[]) null) : null;
      for (int x = 0; x < n; x++) {
        int v = to8Bits(gray8[x], grayMax);
        int a = alpha == null ? 255 : to8Bits(alpha[x], alphaMax);
        argb[x] = a << 24 | v << 16 | v << 8 | v;
      }
    };
  }

  private static int to8Bits(int sample, int max) {
    return max == 255 ? sample : (int) Math.round(sample * 255.0 / max);
  }
}
