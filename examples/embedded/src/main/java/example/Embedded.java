package example;

import dev.jgan.api.Generator;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usage: Embedded RUN_OR_EXPORT [GRID.png]; writes a grid of 64 images of seed 42. */
public final class Embedded {
  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    Path grid = Path.of(args.length > 1 ? args[1] : "grid.png");
    // --- TRAINING (to come with the library's Training part): train 50 steps of --preset tiny
    // --- into `run` with a progress listener, in three lines here, before the export is loaded.
    try (Generator g = Generator.open(run)) {
      Files.write(grid, g.generate(42, 64).gridPng());
      System.out.printf(
          "%s: %dx%dx%d images, latent %d -> %s%n",
          g.savedModel(), g.height(), g.width(), g.channels(), g.latentSize(), grid);
    }
  }
}
