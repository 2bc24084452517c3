package dev.jgan.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Decodes one PNG or JPEG file with ImageIO, refusing files that would not fit in memory. */
final class ImageDecoder {
  /**
   * Images above 50 megapixels are refused before their pixels are decoded: a few hundred bytes of
   * header can declare 100000x100000 pixels (40 GB as ARGB), and no training image is that large.
   */
  static final long MAX_PIXELS = 50_000_000L;

  /**
   * Only these ImageIO formats: the format is found from the content, and the WBMP reader accepts
   * almost any bytes starting with 0, which would turn a damaged file into a garbage image.
   */
  private static final Set<String> FORMATS = Set.of("png", "jpeg");

  private ImageDecoder() {}

  /** Why a file gave no image; the message is one line for the user. */
  static final class UndecodableException extends Exception {
    UndecodableException(String message) {
      super(message);
    }
  }

  static BufferedImage decode(byte[] data) throws UndecodableException {
    // A memory cache, not ImageIO's default file cache: nothing is written to java.io.tmpdir.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      ImageReader reader = readerFor(in);
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
          throw new UndecodableException(
              width + "x" + height + " pixels, above the limit of " + MAX_PIXELS + " pixels");
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO reports damaged files with IOExceptions but also with assorted runtime exceptions
      // (e.g. ArrayIndexOutOfBounds from a broken PNG chunk); all mean "not decodable".
      throw new UndecodableException(describe(e));
    }
  }

  private static ImageReader readerFor(ImageInputStream in) throws UndecodableException {
    Iterator<ImageReader> readers = javax.imageio.ImageIO.getImageReaders(in);
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      try {
        if (FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
          return reader;
        }
      } catch (IOException e) {
        // cannot name its format: not one of ours
      }
      reader.dispose();
    }
    throw new UndecodableException("not a PNG or JPEG image");
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
