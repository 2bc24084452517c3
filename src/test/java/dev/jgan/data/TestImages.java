package dev.jgan.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds image files and image trees with known pixels for the image folder tests. */
final class TestImages {
  private TestImages() {}

  /** An image of {@code type} with every pixel set to {@code argb}. */
  /** Every image's raw bytes, in index order, wherever the set keeps them. */
  static byte[] pixels(ImageSet set) {
    byte[] all = new byte[set.size() * set.imageSize()];
    for (int i = 0; i < set.size(); i++) {
      set.copyBytes(i, all, i * set.imageSize());
    }
    return all;
  }

  /** Every label, in index order, as bytes. */
  static byte[] labels(ImageSet set) {
    byte[] labels = new byte[set.size()];
    for (int i = 0; i < set.size(); i++) {
      labels[i] = (byte) set.label(i);
    }
    return labels;
  }

  static BufferedImage solid(int width, int height, int type, int argb) {
    BufferedImage image = new BufferedImage(width, height, type);
    fill(image, 0, 0, width, height, argb);
    return image;
  }

  static void fill(BufferedImage image, int x0, int y0, int width, int height, int argb) {
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        image.setRGB(x, y, argb);
      }
    }
  }

  static byte[] png(BufferedImage image) throws IOException {
    return encode(image, "png");
  }

  static byte[] jpeg(BufferedImage image) throws IOException {
    return encode(image, "jpeg");
  }

  /** A PNG of random noise: does not compress, so archives of it are long enough to cut. */
  static byte[] noisePng(int side, long seed) throws IOException {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    return png(image);
  }

  /** Random bytes that are no image format (the first byte is not 0, which WBMP would take). */
  static byte[] garbage(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    data[0] = 0x42;
    return data;
  }

  /** A PNG whose header declares {@code width x height} RGB pixels, followed by an empty end. */
  static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    crc.update(data);
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.put(data).putInt((int) crc.getValue());
    out.writeBytes(b.array());
  }

  /** Writes each entry as a file under {@code root}. */
  static Path tree(Path root, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(root);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      TestFiles.write(root.resolve(f.getKey()), f.getValue());
    }
    return root;
  }

  /** Writes a zip holding the entries, names as given (no checks, so bad names are possible). */
  static Path zip(Path target, Map<String, byte[]> files) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
        zip.write(f.getValue());
        zip.closeArchiveEntry();
      }
    }
    return target;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IOException("no " + format + " writer for " + image);
    }
    return out.toByteArray();
  }
}
