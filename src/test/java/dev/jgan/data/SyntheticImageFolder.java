package dev.jgan.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Writes a folder of synthetic photos for the data benchmarks (docs/DATA.md), not a test: smooth
 * colour gradients with noise, so PNG and JPEG compress and decode as photos roughly do. All files
 * in one flat folder (one class).
 *
 * <p>{@code java -cp 'target/gan.jar:target/lib/*:target/test-classes'
 * dev.jgan.data.SyntheticImageFolder OUT COUNT WIDTH HEIGHT png|jpeg}
 */
public final class SyntheticImageFolder {
  private SyntheticImageFolder() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    int height = Integer.parseInt(args[3]);
    String format = args[4];
    Files.createDirectories(out);
    long start = System.nanoTime();
    AtomicLong bytes = new AtomicLong();
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              Path file =
                  out.resolve(String.format("img%07d.%s", i, format.equals("png") ? "png" : "jpg"));
              try {
                if (!ImageIO.write(image(i, width, height), format, file.toFile())) {
                  throw new IOException("no ImageIO writer for " + format);
                }
                bytes.addAndGet(Files.size(file));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "wrote %,d %dx%d %s files (%,d bytes) to %s in %.1f s%n",
        count, width, height, format, bytes.get(), out, seconds);
  }

  /** Image i: a gradient between two random colours at a random angle, plus noise. */
  static BufferedImage image(int i, int width, int height) {
    SplittableRandom random = new SplittableRandom(i);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] a = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int[] b = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    double angle = random.nextDouble() * 2 * Math.PI;
    double dx = Math.cos(angle) / width;
    double dy = Math.sin(angle) / height;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double t = Math.min(1, Math.max(0, 0.5 + (x - width / 2.0) * dx + (y - height / 2.0) * dy));
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          int v = (int) (a[c] + (b[c] - a[c]) * t) + random.nextInt(17) - 8;
          rgb = rgb << 8 | Math.min(255, Math.max(0, v));
        }
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }
}
