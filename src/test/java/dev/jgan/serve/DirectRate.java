package dev.jgan.serve;

import dev.jgan.api.Generator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The yardstick of the serving figures (docs/SERVING.md), not a test: the generator's own images/s
 * in this JVM at batch 256, the loop {@code gan bench} times, on the export a server serves. With a
 * file and a count it also writes a {@code :predict} body of that many latents, for load tools that
 * send one fixed body (docs/serve-bench.sh).
 *
 * <p>{@code java -cp 'target/gan.jar:target/lib/*:target/test-classes' dev.jgan.serve.DirectRate
 * EXPORT [BODY_FILE IMAGES_PER_REQUEST]}
 */
public final class DirectRate {
  private static final int BATCH = 256;

  private DirectRate() {}

  public static void main(String[] args) throws Exception {
    try (Generator g = Generator.open(Path.of(args[0]))) {
      if (args.length > 2) {
        String body = ServeClient.instances(g.latents(7, 0, Integer.parseInt(args[2])));
        Files.writeString(Path.of(args[1]), body, StandardCharsets.US_ASCII);
      }
      System.out.printf(Locale.ROOT, "direct generate, batch %d: %.0f images/s%n", BATCH, of(g));
    }
  }

  /** Median of five 2-second windows of generate(z, 256), after three warm-up batches. */
  static double of(Generator g) {
    float[] z = new float[BATCH * g.latentSize()];
    for (int i = 0; i < 3; i++) {
      g.generate(z, null, BATCH);
    }
    double[] rates = new double[5];
    for (int w = 0; w < rates.length; w++) {
      long start = System.nanoTime();
      int images = 0;
      while (System.nanoTime() - start < 2_000_000_000L) {
        g.generate(z, null, BATCH);
        images += BATCH;
      }
      rates[w] = images / ((System.nanoTime() - start) / 1e9);
    }
    Arrays.sort(rates);
    return rates[2];
  }
}
