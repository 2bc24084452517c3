package dev.jgan.serve;

import dev.jgan.api.Generator;
import dev.jgan.bench.GenerationBench;
import dev.jgan.bench.Windows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The yardstick of the serving figures (docs/SERVING.md), not a test: {@code gan bench}'s
 * generation images/s at batch 256 (its own loop, {@link GenerationBench}) on the export a server
 * serves. With a file and a count it also writes a {@code :predict} body of that many latents, for
 * load tools that send one fixed body (docs/serve-bench.sh).
 *
 * <p>{@code java -cp 'target/gan.jar:target/lib/*:target/test-classes' dev.jgan.serve.DirectRate
 * EXPORT [BODY_FILE IMAGES_PER_REQUEST]}
 */
public final class DirectRate {
  private static final int BATCH = 256;

  /** Three warm-up calls, then the median of five windows of about 2 s each. */
  private static final Windows TIMING = new Windows(3, 5, 0, 2.0, 0);

  private DirectRate() {}

  public static void main(String[] args) throws Exception {
    Path export = Path.of(args[0]);
    if (args.length > 2) {
      try (Generator g = Generator.open(export)) {
        String body = ServeClient.instances(g.latents(7, 0, Integer.parseInt(args[2])));
        Files.writeString(Path.of(args[1]), body, StandardCharsets.US_ASCII);
      }
    }
    System.out.printf(Locale.ROOT, "direct generate, batch %d: %.0f images/s%n", BATCH, of(export));
  }

  /** {@code gan bench}'s generation images/s of {@code export} at batch 256. */
  static double of(Path export) {
    return GenerationBench.run("direct", export, BATCH, TIMING).median();
  }
}
