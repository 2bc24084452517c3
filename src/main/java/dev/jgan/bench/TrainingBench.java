package dev.jgan.bench;

import dev.jgan.config.Noise;
import dev.jgan.config.TrainConfig;
import dev.jgan.model.GanModel;
import dev.jgan.random.NoiseSource;
import dev.jgan.train.GanSession;
import dev.jgan.train.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Training speed of one model on synthetic data (no disk I/O): the product's training step (as the
 * config's {@code update} says) with noise drawn per step as the trainer draws it. Optionally saves
 * the trained weights, so a generation benchmark can export them.
 */
final class TrainingBench {
  private static final int TOP_OPS = 12;

  private TrainingBench() {}

  static BenchResult run(
      String name, TrainConfig config, GanModel model, Windows timing, Path saveTo)
      throws IOException {
    int batch = config.batchSize();
    float[] real = new float[batch * model.imageShape().pixels()];
    Random random = new Random(config.seed());
    for (int i = 0; i < real.length; i++) {
      real[i] = random.nextFloat() * 2 - 1;
    }
    NoiseSource noise =
        new NoiseSource(config.seed(), model.latentDim(), config.noise() == Noise.NORMAL);
    float[] zForD = new float[batch * model.latentDim()];
    float[] zForG = new float[batch * model.latentDim()];
    try (GanSession session = new GanSession(model, Models.graphSettings(config), batch)) {
      long[] step = {0};
      Consumer<Integer> train =
          count -> {
            for (int i = 0; i < count; i++, step[0]++) {
              noise.fill(step[0], NoiseSource.D_STEP, zForD);
              noise.fill(step[0], NoiseSource.G_STEP, zForG);
              session.trainStep(step[0], real, zForD, zForG);
            }
          };
      long start = System.nanoTime();
      train.accept(timing.warmup());
      double secondsPerStep = (System.nanoTime() - start) / 1e9 / Math.max(1, timing.warmup());
      int steps = timing.stepsFor(secondsPerStep);
      double[] rates = new double[timing.windows()];
      long wall = 0;
      long inRun = 0;
      for (int w = 0; w < rates.length; w++) {
        long runBefore = session.sessionRunNanos();
        long t0 = System.nanoTime();
        train.accept(steps);
        long elapsed = System.nanoTime() - t0;
        rates[w] = (double) steps * batch / (elapsed / 1e9);
        wall += elapsed;
        inRun += session.sessionRunNanos() - runBefore;
      }
      OpProfile profile = new OpProfile();
      if (timing.profileSteps() > 0) {
        session.traceSteps(profile::add);
        train.accept(timing.profileSteps());
        session.traceSteps(null);
      }
      if (saveTo != null) {
        session.save(saveTo.toString());
      }
      return new BenchResult(
          name,
          "train",
          batch,
          steps,
          rates,
          1.0 - (double) inRun / wall,
          PeakMemory.megabytes(),
          profile.runs() > 0 ? profile.top(TOP_OPS) : Map.of(),
          StepFlops.perStep(session.graph(), batch));
    }
  }
}
