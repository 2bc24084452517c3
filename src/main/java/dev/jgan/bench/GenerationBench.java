package dev.jgan.bench;

import dev.jgan.generate.GeneratorModel;
import java.nio.file.Path;
import java.util.Random;

/** Generation speed of an exported SavedModel through the same loader {@code gan generate} uses. */
public final class GenerationBench {
  private GenerationBench() {}

  public static BenchResult run(String name, Path savedModel, int batch, Windows timing) {
    try (GeneratorModel generator = GeneratorModel.load(savedModel, null)) {
      float[] z = new float[batch * generator.latentDim()];
      Random random = new Random(1);
      for (int i = 0; i < z.length; i++) {
        z[i] = random.nextFloat() * 2 - 1;
      }
      Windows.Rates rates = timing.time(() -> generator.generate(z, batch), batch);
      return BenchResult.timed(name, "generate", batch, rates);
    }
  }
}
