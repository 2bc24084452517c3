package dev.jgan.serve;

import dev.jgan.api.Generator;
import dev.jgan.api.Images;
import dev.jgan.generate.Interpolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What people look at: the HTML page at {@code /} and the PNGs it shows, {@code samples.png} (a
 * grid of a seed's images, as {@code gan generate --seed S --format grid} draws them) and {@code
 * interpolation.png} (one row walking from one seed's first latent to another's).
 */
final class Pictures {
  private final ServeSettings settings;
  private final ModelSlot slot;
  private final Batcher batcher;

  Pictures(ServeSettings settings, ModelSlot slot, Batcher batcher) {
    this.settings = settings;
    this.slot = slot;
    this.batcher = batcher;
  }

  /** The page, with the model's name, class count and latent size filled in. */
  byte[] page() {
    Generator g = slot.current().generator();
    try (InputStream in = Pictures.class.getResourceAsStream("/serve/index.html")) {
      String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return html.replace("{{NAME}}", settings.name())
          .replace("{{CLASSES}}", Integer.toString(g.classes()))
          .replace("{{SHAPE}}", g.height() + "x" + g.width() + "x" + g.channels())
          .replace("{{LATENT}}", Integer.toString(g.latentSize()))
          .replace("{{VERSION}}", Long.toString(slot.current().version()))
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the page is missing from the jar", e);
    }
  }

  /** ?seed=S&count=N[&label=L] */
  byte[] samples(Map<String, String> query) {
    long seed = longParam(query, "seed", 0);
    int count = count(query, "count", 16);
    Integer label = label(query);
    // Through the batcher's queue, like :predict: bounded (503 when full) and timed (504).
    return inTurn(() -> slot.generate(seed, count, label)).gridPng();
  }

  /** ?from=S1&to=S2[&steps=N][&label=L] */
  byte[] interpolation(Map<String, String> query) {
    long from = longParam(query, "from", 0);
    long to = longParam(query, "to", 1);
    int steps = count(query, "steps", 8);
    if (steps < 2) {
      throw ApiError.badRequest("steps " + steps + ": a walk needs at least its two ends (2)");
    }
    Integer label = label(query);
    Generator g = slot.current().generator();
    float[][] ends = {g.latents(from, 0, 1)[0], g.latents(to, 0, 1)[0]};
    float[][] walk = Interpolation.LINEAR.walk(ends, steps);
    float[] z = new float[steps * g.latentSize()];
    for (int i = 0; i < steps; i++) {
      System.arraycopy(walk[i], 0, z, i * g.latentSize(), g.latentSize());
    }
    int[] labels = null;
    if (g.conditional()) {
      labels = new int[steps];
      Arrays.fill(labels, label == null ? 0 : label);
    }
    int[] walkLabels = labels;
    return inTurn(() -> slot.generate(z, walkLabels, steps)).gridPng(steps);
  }

  /**
   * Generates on the batcher's thread, in turn with the batches; the PNG is drawn by the caller.
   */
  private Images inTurn(Supplier<Images> generation) {
    return Batcher.await(batcher.submitAlone(generation), settings.timeout());
  }

  private int count(Map<String, String> query, String name, int fallback) {
    long n = longParam(query, name, fallback);
    if (n < 1 || n > settings.maxCount()) {
      throw ApiError.badRequest(
          name + " " + n + ": give 1 to " + settings.maxCount() + " (the cap, --max-count)");
    }
    return (int) n;
  }

  private Integer label(Map<String, String> query) {
    if (!query.containsKey("label") || query.get("label").isEmpty()) {
      return null;
    }
    int classes = slot.current().generator().classes();
    long k = longParam(query, "label", 0);
    if (classes == 0) {
      throw ApiError.badRequest("label: this model is unconditional; drop the parameter");
    }
    if (k < 0 || k >= classes) {
      throw ApiError.badRequest("label " + k + ": the model has classes 0 to " + (classes - 1));
    }
    return (int) k;
  }

  private static long longParam(Map<String, String> query, String name, long fallback) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " " + value + ": give a whole number");
    }
  }
}
