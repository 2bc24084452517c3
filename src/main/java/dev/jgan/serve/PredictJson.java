package dev.jgan.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * TensorFlow Serving's predict body for the generator's signature ({@code z} float32 [N, latent],
 * for a conditional model {@code labels} int32 [N] -> {@code images} float32 [N, H, W, C}): the row
 * format ({@code {"instances": [...]}} -> {@code {"predictions": [...]}}) and the columnar one
 * ({@code {"inputs": ...}} -> {@code {"outputs": [...]}}), as docs/SERVING.md shows.
 */
final class PredictJson {
  /**
   * TF Serving reads NaN and Infinity tokens; we read them too, to name them in the error. Latents
   * are read with Jackson's FastDoubleParser (correctly rounded, like Double.parseDouble, and
   * faster than JDK 17's FloatingDecimal).
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                  .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                  .build())
          .build();

  private static final String Z = "z";
  private static final String LABELS = "labels";

  /** A parsed request: {@code count} rows of latents, labels or null, and which format it used. */
  record Input(float[] z, int[] labels, int count, boolean columnar) {}

  private final int latent;
  private final int classes;
  private final int maxBatch;

  PredictJson(int latent, int classes, int maxBatch) {
    this.latent = latent;
    this.classes = classes;
    this.maxBatch = maxBatch;
  }

  Input parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("JSON Parse error: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest("JSON Parse error: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw ApiError.badRequest(
          "the body must be a JSON object with \"instances\" (rows) or \"inputs\" (columns)");
    }
    JsonNode signature = root.get("signature_name");
    if (signature != null && !signature.asText().equals("serving_default")) {
      throw ApiError.badRequest(
          "Serving signature name: \"" + signature.asText() + "\" not found in signature def");
    }
    JsonNode instances = root.get("instances");
    JsonNode inputs = root.get("inputs");
    if ((instances == null) == (inputs == null)) {
      throw ApiError.badRequest(
          "give either \"instances\" (row format) or \"inputs\" (columnar format), not "
              + (instances == null ? "neither" : "both"));
    }
    return instances != null ? rows(instances) : columns(inputs);
  }

  /** {"instances": [[z...], ...]} or [{"z": [...], "labels": k}, ...]. */
  private Input rows(JsonNode instances) {
    int n = checkCount(instances, "\"instances\"");
    float[] z = new float[n * latent];
    int[] labels = classes > 0 ? new int[n] : null;
    for (int i = 0; i < n; i++) {
      JsonNode row = instances.get(i);
      String where = "instance " + i;
      if (row.isObject()) {
        checkNames(row, where);
        vector(row.get(Z), z, i, where + " \"z\"");
        if (labels != null) {
          labels[i] = label(row.get(LABELS), where + " \"labels\"");
        }
      } else if (labels != null) {
        throw ApiError.badRequest(
            where + ": this model is conditional; give objects {\"z\": [...], \"labels\": k}");
      } else {
        vector(row, z, i, where);
      }
    }
    return new Input(z, labels, n, false);
  }

  /** {"inputs": [[z...], ...]} or {"inputs": {"z": [[...], ...], "labels": [k, ...]}}. */
  private Input columns(JsonNode inputs) {
    JsonNode zs = inputs;
    JsonNode ls = null;
    if (inputs.isObject()) {
      checkNames(inputs, "\"inputs\"");
      zs = inputs.get(Z);
      ls = inputs.get(LABELS);
    } else if (classes > 0) {
      throw ApiError.badRequest(
          "this model is conditional: give \"inputs\": {\"z\": [[...], ...], \"labels\": [...]}");
    }
    int n = checkCount(zs, "\"z\"");
    float[] z = new float[n * latent];
    for (int i = 0; i < n; i++) {
      vector(zs.get(i), z, i, "\"z\" row " + i);
    }
    int[] labels = null;
    if (classes > 0) {
      if (ls == null || !ls.isArray() || ls.size() != n) {
        throw ApiError.badRequest(
            "\"labels\" must be a list of " + n + " classes, one per row of \"z\"");
      }
      labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = label(ls.get(i), "\"labels\"[" + i + "]");
      }
    }
    return new Input(z, labels, n, true);
  }

  private int checkCount(JsonNode list, String what) {
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw ApiError.badRequest(what + " must be a non-empty list of latent vectors");
    }
    if (list.size() > maxBatch) {
      throw ApiError.badRequest(
          list.size() + " images in one request; the cap is " + maxBatch + " (--max-batch)");
    }
    return list.size();
  }

  private void checkNames(JsonNode object, String where) {
    Set<String> allowed = classes > 0 ? Set.of(Z, LABELS) : Set.of(Z);
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiError.badRequest(
            where + ": unknown input \"" + name + "\"; the signature's inputs are " + allowed);
      }
    }
    if (!object.has(Z) || (classes > 0 && !object.has(LABELS))) {
      throw ApiError.badRequest(where + ": missing input; the signature needs " + allowed);
    }
  }

  private void vector(JsonNode node, float[] z, int row, String where) {
    if (node == null || !node.isArray() || node.size() != latent) {
      throw ApiError.badRequest(
          where
              + " must be a list of "
              + latent
              + " numbers (the latent size), got "
              + (node == null ? "nothing" : node.isArray() ? node.size() + " values" : node));
    }
    for (int j = 0; j < latent; j++) {
      JsonNode v = node.get(j);
      if (!v.isNumber()) {
        throw ApiError.badRequest(where + "[" + j + "] is " + v + ", not a number");
      }
      double d = v.doubleValue();
      if (!Double.isFinite(d)) {
        throw ApiError.badRequest(where + "[" + j + "] is " + d + "; latents must be finite");
      }
      z[row * latent + j] = (float) d;
    }
  }

  private int label(JsonNode node, String where) {
    if (node == null || !node.isIntegralNumber()) {
      throw ApiError.badRequest(where + " must be a whole number 0 to " + (classes - 1));
    }
    long k = node.longValue();
    if (k < 0 || k >= classes) {
      throw ApiError.badRequest(
          where + " is " + k + "; the model has classes 0 to " + (classes - 1));
    }
    return (int) k;
  }

  /**
   * Writes {@code {"predictions": [...]}} or {@code {"outputs": [...]}}: one [H][W][C] nested list
   * per image, the single output's name left out as TF Serving does; the images are {@code count}
   * from image {@code first} of {@code pixels}.
   */
  static void write(
      OutputStream out, boolean columnar, float[] pixels, int first, int count, int h, int w, int c)
      throws IOException {
    new TensorJson(out)
        .text(columnar ? "{\"outputs\":" : "{\"predictions\":")
        .images(pixels, first, count, h, w, c)
        .text("}")
        .flush();
  }

  /** {@code {"error": message}}. */
  static byte[] error(String message) {
    try {
      return MAPPER.writeValueAsBytes(Map.of("error", message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a map of two strings always writes
    }
  }
}
