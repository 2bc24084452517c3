package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Recognises gzip data by its magic bytes rather than by file name, so a renamed or
 * double-compressed file still reads; a {@code .gz} name on non-gzip data is reported clearly.
 */
final class Gzip {
  private Gzip() {}

  /** True when the next two bytes of {@code in} are the gzip magic 0x1f 0x8b; consumes nothing. */
  static boolean startsWithMagic(BufferedInputStream in) throws IOException {
    return peekMagic(in) == 0x1f8b;
  }

  /**
   * Returns the decompressed content of {@code stored} when it is gzip data, otherwise {@code
   * stored} itself. {@code name} is the file's name; when it ends in {@code .gz} the data must be
   * gzip.
   */
  static InputStream decompressIfGzip(InputStream stored, String name) throws IOException {
    BufferedInputStream in = new BufferedInputStream(stored, 1 << 16);
    int magic = peekMagic(in);
    if (magic == 0x1f8b) {
      return decompress(in);
    }
    if (name.endsWith(".gz")) {
      in.close();
      String found = magic < 0 ? "the file is empty" : String.format("bad magic 0x%04x", magic);
      throw new BadInputException(
          name
              + ": not a gzip file ("
              + found
              + "); re-download it or pass --data pointing at"
              + " the original files");
    }
    return in;
  }

  static InputStream decompress(InputStream gzipData) throws IOException {
    // Concatenated members are legal gzip and what `gunzip` would decode, so accept them.
    return GzipCompressorInputStream.builder()
        .setInputStream(gzipData)
        .setDecompressConcatenated(true)
        .get();
  }

  /** The first two bytes as a big-endian number, or -1 when fewer than two bytes exist. */
  private static int peekMagic(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 < 0 || b1 < 0 ? -1 : b0 << 8 | b1;
  }
}
