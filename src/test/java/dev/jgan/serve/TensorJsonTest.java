package dev.jgan.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorJsonTest {
  /** Values where a formatter goes wrong: signed zero, subnormals, ulp neighbours, extremes. */
  static final float[] EDGES = {
    0f,
    -0f,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    Math.nextDown(Float.MIN_NORMAL), // the largest subnormal
    1e-8f,
    -1e-8f,
    1f,
    -1f,
    Math.nextDown(1f),
    Math.nextUp(1f),
    Math.nextUp(-1f),
    Math.nextDown(-1f),
    0.1f,
    0.3f,
    1e7f,
    1.0E-3f,
    123456789f,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    2.0f / 3,
  };

  @Test
  void everyNumberReadsBackAsTheSameFloat32() throws Exception {
    Random random = new Random(24);
    float[] values = new float[EDGES.length + 200_000];
    System.arraycopy(EDGES, 0, values, 0, EDGES.length);
    for (int i = EDGES.length; i < values.length; i++) {
      // Half any bit pattern (every exponent), half the generator's range (tanh output).
      float v =
          i % 2 == 0
              ? Float.intBitsToFloat(random.nextInt())
              : (float) Math.tanh(random.nextGaussian() * 2);
      values[i] = Float.isFinite(v) ? v : 0.5f;
    }
    float[] back = readBack(json(values, 0, values.length, 1, 1, 1));
    assertEquals(values.length, back.length);
    for (int i = 0; i < values.length; i++) {
      // Bits, not ==: -0 must stay -0.
      assertEquals(
          Float.floatToRawIntBits(values[i]),
          Float.floatToRawIntBits(back[i]),
          "value " + i + ": " + values[i] + " came back as " + back[i]);
    }
  }

  @Test
  void nanAndInfinitiesAreTensorFlowServingsBareTokens() throws Exception {
    float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2f};
    String text = json(values, 0, 4, 1, 1, 1);
    assertEquals("{\"predictions\":[[[[NaN]]],[[[Infinity]]],[[[-Infinity]]],[[[2.0]]]]}", text);
    float[] back = readBack(text);
    assertTrue(Float.isNaN(back[0]));
    assertEquals(Float.POSITIVE_INFINITY, back[1]);
    assertEquals(Float.NEGATIVE_INFINITY, back[2]);
  }

  @Test
  void imagesAreNestedHeightWidthChannelsFromTheirFirstImage() throws Exception {
    int h = 3;
    int w = 2;
    int c = 3;
    int per = h * w * c;
    float[] pixels = new float[4 * per];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = i;
    }
    // Images 1 and 2 of four, as a batch slice hands them over.
    JsonNode tree = PredictJson.MAPPER.readTree(json(pixels, 1, 2, h, w, c)).get("predictions");
    assertEquals(2, tree.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(h, tree.get(i).size());
      for (int y = 0; y < h; y++) {
        assertEquals(w, tree.get(i).get(y).size());
        for (int x = 0; x < w; x++) {
          JsonNode pixel = tree.get(i).get(y).get(x);
          assertEquals(c, pixel.size());
          for (int k = 0; k < c; k++) {
            float expected = (1 + i) * per + (y * w + x) * c + k; // NHWC index
            assertEquals(expected, pixel.get(k).floatValue());
          }
        }
      }
    }
    // The columnar answer names the list "outputs".
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PredictJson.write(out, true, pixels, 0, 1, h, w, c);
    assertEquals(h, PredictJson.MAPPER.readTree(out.toByteArray()).get("outputs").get(0).size());
  }

  @Test
  void anAnswerLargerThanTheBufferIsWrittenWhole() throws Exception {
    float[] pixels = new float[3 * 64 * 64 * 3]; // ~0.5 MB of text: several buffer flushes
    Random random = new Random(5);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat() * 2 - 1;
    }
    float[] back = readBack(json(pixels, 0, 3, 64, 64, 3));
    assertEquals(pixels.length, back.length);
    for (int i = 0; i < pixels.length; i++) {
      assertEquals(pixels[i], back[i]);
    }
  }

  private static String json(float[] pixels, int first, int count, int h, int w, int c)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PredictJson.write(out, false, pixels, first, count, h, w, c);
    return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Every number token, read as a float32 from its text (Float.parseFloat rounds once). */
  private static float[] readBack(String json) throws Exception {
    List<Float> values = new ArrayList<>();
    try (JsonParser p = PredictJson.MAPPER.getFactory().createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
          values.add(Float.parseFloat(p.getText()));
        }
      }
    }
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
