package example;

import dev.jgan.api.Generator;
import dev.jgan.api.Training;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usage: Embedded NEW_RUN [GRID.png]; trains 50 steps of the tiny preset, writes 64 images. */
public final class Embedded {
  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    Path grid = Path.of(args.length > 1 ? args[1] : "grid.png");
    Training.newRun(run)
        .preset("tiny")
        .set("max_steps", 50)
        .onStep(s -> System.out.printf("step %d/%d%n", s.step(), s.totalSteps()))
        .run();
    try (Generator g = Generator.open(run)) {
      Files.write(grid, g.generate(42, 64).gridPng());
      System.out.printf(
          "%s: %dx%dx%d images, latent %d -> %s%n",
          g.savedModel(), g.height(), g.width(), g.channels(), g.latentSize(), grid);
    }
  }
}
