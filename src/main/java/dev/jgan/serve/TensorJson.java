package dev.jgan.serve;

import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes float32 images as TensorFlow Serving's nested JSON lists into a 64 KB buffer that is
 * passed on to the response and reused each time it fills, so a big answer is never held whole.
 *
 * <p>Why not Jackson's generator: writing 256 32x32 images through it took 32 ms, most of it JDK
 * 17's {@code Float.toString} (FloatingDecimal), as long as generating them (docs/SERVING.md). The
 * numbers here come from Jackson's copy of Schubfach ({@code FloatToDecimal}, the algorithm of JDK
 * 19's {@code Float.toString}): the shortest decimal that reads back as the same float32.
 */
final class TensorJson {
  /** Longest number: "-1.23456789E-45" is 15 characters. */
  private static final int LONGEST = 16;

  private final OutputStream out;
  private final byte[] buffer = new byte[1 << 16];
  private int at;

  TensorJson(OutputStream out) {
    this.out = out;
  }

  /** Writes ASCII text as it is (keys, braces). */
  TensorJson text(String ascii) throws IOException {
    for (int i = 0; i < ascii.length(); i++) {
      put(ascii.charAt(i));
    }
    return this;
  }

  /**
   * Writes {@code count} images from image {@code first} of {@code pixels} (NHWC) as a list of
   * [H][W][C] lists.
   */
  TensorJson images(float[] pixels, int first, int count, int h, int w, int c) throws IOException {
    int v = first * h * w * c;
    put('[');
    for (int i = 0; i < count; i++) {
      separate(i, '[');
      for (int y = 0; y < h; y++) {
        separate(y, '[');
        for (int x = 0; x < w; x++) {
          separate(x, '[');
          for (int k = 0; k < c; k++) {
            if (k > 0) {
              put(',');
            }
            number(pixels[v++]);
          }
          put(']');
        }
        put(']');
      }
      put(']');
    }
    put(']');
    return this;
  }

  /**
   * One float32, shortest form; NaN and infinities as TF Serving's json_tensor.cc writes them, bare
   * {@code NaN}, {@code Infinity}, {@code -Infinity} (which its parser and Jackson's with {@code
   * ALLOW_NON_NUMERIC_NUMBERS} read back).
   */
  void number(float value) throws IOException {
    String s;
    if (Float.isNaN(value)) {
      s = "NaN";
    } else if (Float.isInfinite(value)) {
      s = value > 0 ? "Infinity" : "-Infinity";
    } else {
      s = FloatToDecimal.toString(value);
    }
    room(LONGEST);
    ascii(s);
  }

  /**
   * Copies an ASCII string's bytes in one step: String's own Latin-1 copy, ~1.5x faster here than a
   * loop over charAt (the deprecated method is exactly right for ASCII).
   */
  @SuppressWarnings("deprecation")
  private void ascii(String s) {
    s.getBytes(0, s.length(), buffer, at);
    at += s.length();
  }

  /** Passes on what is buffered. */
  void flush() throws IOException {
    out.write(buffer, 0, at);
    at = 0;
  }

  private void separate(int index, char open) throws IOException {
    room(2);
    if (index > 0) {
      buffer[at++] = ',';
    }
    buffer[at++] = (byte) open;
  }

  private void put(char c) throws IOException {
    room(1);
    buffer[at++] = (byte) c;
  }

  private void room(int bytes) throws IOException {
    if (at + bytes > buffer.length) {
      flush();
    }
  }
}
