package dev.jgan.bench;

import dev.jgan.generate.GeneratorModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Generation speed of an exported SavedModel through the same loader {@code gan generate} uses. */
final class GenerationBench {
  private GenerationBench() {}

  static BenchResult run(String name, Path savedModel, int batch, Windows timing) {
    try (GeneratorModel generator = GeneratorModel.load(savedModel, null)) {
      float[] z = new float[batch * generator.latentDim()];
      Random random = new Random(1);
      for (int i = 0; i < z.length; i++) {
        z[i] = random.nextFloat() * 2 - 1;
      }
      long start = System.nanoTime();
      for (int i = 0; i < timing.warmup(); i++) {
        generator.generate(z, batch);
      }
      int calls = timing.stepsFor((System.nanoTime() - start) / 1e9 / Math.max(1, timing.warmup()));
      double[] rates = new double[timing.windows()];
      for (int w = 0; w < rates.length; w++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          generator.generate(z, batch);
        }
        rates[w] = (double) calls * batch / ((System.nanoTime() - t0) / 1e9);
      }
      return new BenchResult(
          name,
          "generate",
          batch,
          calls,
          rates,
          Double.NaN,
          PeakMemory.megabytes(),
          Map.of(),
          Double.NaN);
    }
  }
}
