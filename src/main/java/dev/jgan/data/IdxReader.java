package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Parses IDX files, the format of MNIST and Fashion-MNIST: a big-endian int magic number, one
 * big-endian int per dimension, then the data. Only the uint8 variants those data sets use are
 * supported. The data length must match the header exactly, so a truncated download or a file with
 * the wrong header is reported instead of silently yielding garbage images.
 */
public final class IdxReader {
  /** uint8 (0x08) with 3 dimensions: images [count, rows, cols]. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** uint8 (0x08) with 1 dimension: labels [count]. */
  public static final int LABELS_MAGIC = 0x00000801;

  // Largest array the JVM reliably allocates.
  private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * Reads an image file from {@code in} (uncompressed IDX bytes); {@code sourceName} names the file
   * in error messages. Throws {@link BadInputException} when the content is not a valid file.
   */
  public static IdxImages readImages(InputStream in, String sourceName) throws IOException {
    checkMagic(
        readHeaderInt(in, sourceName), IMAGES_MAGIC, "uint8 images [n, rows, cols]", sourceName);
    int count = readDimension(in, sourceName, "image count");
    int rows = readDimension(in, sourceName, "row count");
    int cols = readDimension(in, sourceName, "column count");
    byte[] pixels =
        readExactly(
            in, (long) count * rows * cols, count + " x " + rows + " x " + cols, sourceName);
    return new IdxImages(count, rows, cols, pixels);
  }

  /** Reads a label file; see {@link #readImages}. */
  public static IdxLabels readLabels(InputStream in, String sourceName) throws IOException {
    checkMagic(readHeaderInt(in, sourceName), LABELS_MAGIC, "uint8 labels [n]", sourceName);
    int count = readDimension(in, sourceName, "label count");
    return new IdxLabels(count, readExactly(in, count, String.valueOf(count), sourceName));
  }

  private static void checkMagic(int found, int expected, String kind, String sourceName) {
    if (found != expected) {
      throw new BadInputException(
          String.format(
              "%s: not an IDX %s file (magic number %d = 0x%08x, expected %d = 0x%08x); check that"
                  + " the file is the right one and not damaged, or re-download it",
              sourceName, kind, found, found, expected, expected));
    }
  }

  private static int readDimension(InputStream in, String sourceName, String what)
      throws IOException {
    int value = readHeaderInt(in, sourceName);
    if (value <= 0) {
      throw new BadInputException(
          sourceName
              + ": IDX header has "
              + what
              + " "
              + value
              + ", must be > 0; the file is"
              + " damaged, re-download it");
    }
    return value;
  }

  private static int readHeaderInt(InputStream in, String sourceName) throws IOException {
    byte[] b = in.readNBytes(4);
    if (b.length < 4) {
      throw new BadInputException(
          sourceName + ": file ends inside the IDX header; it is truncated, re-download it");
    }
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  /** Reads exactly {@code length} bytes and checks that nothing follows them. */
  private static byte[] readExactly(InputStream in, long length, String dims, String sourceName)
      throws IOException {
    if (length > MAX_DATA_BYTES) {
      throw new BadInputException(
          sourceName
              + ": IDX header declares "
              + dims
              + " = "
              + length
              + " bytes, more than"
              + " fit in memory at once; the file is damaged or not an MNIST-style file");
    }
    // readNBytes(int) grows its buffer as data arrives, so a lying header on a small file cannot
    // make us allocate gigabytes up front.
    byte[] data = in.readNBytes((int) length);
    if (data.length < length) {
      throw new BadInputException(
          sourceName
              + ": truncated, header declares "
              + dims
              + " = "
              + length
              + " data bytes"
              + " but only "
              + data.length
              + " follow; re-download the file");
    }
    long extra = in.transferTo(OutputStream.nullOutputStream());
    if (extra > 0) {
      throw new BadInputException(
          sourceName
              + ": "
              + extra
              + " extra bytes after the "
              + length
              + " data bytes the"
              + " header declares ("
              + dims
              + "); header and file size disagree, the file is"
              + " damaged, re-download it");
    }
    return data;
  }
}
