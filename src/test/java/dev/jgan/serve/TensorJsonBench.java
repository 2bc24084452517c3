package dev.jgan.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Random;

/**
 * Time to write the {@code :predict} answer of 256 32x32x1 images, not a test (docs/SERVING.md):
 * Jackson's generator on {@code Float.toString} (the code before {@link TensorJson}) against {@link
 * PredictJson#write}, alternating in one JVM, best of 20 after 5 warm-ups.
 *
 * <p>{@code java -cp 'target/classes:target/lib/*:target/test-classes'
 * dev.jgan.serve.TensorJsonBench}
 */
public final class TensorJsonBench {
  private static final int N = 256;
  private static final int SIDE = 32;

  private TensorJsonBench() {}

  public static void main(String[] args) throws IOException {
    float[] pixels = new float[N * SIDE * SIDE];
    Random random = new Random(1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) Math.tanh(random.nextGaussian() * 2); // a generator's range
    }
    long before = Long.MAX_VALUE;
    long after = Long.MAX_VALUE;
    for (int round = 0; round < 25; round++) {
      long start = System.nanoTime();
      jacksonGenerator(OutputStream.nullOutputStream(), pixels);
      long middle = System.nanoTime();
      PredictJson.write(OutputStream.nullOutputStream(), false, pixels, 0, N, SIDE, SIDE, 1);
      long end = System.nanoTime();
      if (round >= 5) {
        before = Math.min(before, middle - start);
        after = Math.min(after, end - middle);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d %dx%dx1 images, best of 20: Jackson generator %.1f ms, TensorJson %.1f ms%n",
        N,
        SIDE,
        SIDE,
        before / 1e6,
        after / 1e6);
  }

  /** The answer as it was written before TensorJson: one writeNumber per pixel. */
  private static void jacksonGenerator(OutputStream out, float[] pixels) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeFieldName("predictions");
      json.writeStartArray();
      int at = 0;
      for (int i = 0; i < N; i++) {
        json.writeStartArray();
        for (int y = 0; y < SIDE; y++) {
          json.writeStartArray();
          for (int x = 0; x < SIDE; x++) {
            json.writeStartArray();
            json.writeNumber(pixels[at++]);
            json.writeEndArray();
          }
          json.writeEndArray();
        }
        json.writeEndArray();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }
}
