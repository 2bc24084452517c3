package dev.jgan.bench;

import dev.jgan.config.BatchSource;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.train.GanSession;
import dev.jgan.train.ImageBatches;
import dev.jgan.train.Models;
import dev.jgan.train.batches.RealBatchSource;
import dev.jgan.train.batches.ResidentSetIndices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Training speed of one model on synthetic data (no disk I/O): the product's training step (as the
 * config's {@code update} says) with noise drawn in the graph as the trainer draws it, and the real
 * batch gathered from a resident set or fed, as the config's {@code batch_source} says. Optionally
 * saves the trained weights, so a generation benchmark can export them.
 */
final class TrainingBench {
  private static final int TOP_OPS = 12;

  /** Images of the synthetic training set: enough that gathers touch memory as MNIST's would. */
  private static final int SYNTHETIC_IMAGES = 10_000;

  private TrainingBench() {}

  /** Random pixels, reproducible from the seed. */
  private static ImageDataset syntheticSet(ImageShape image, int count, long seed) {
    byte[] pixels = new byte[count * image.pixels()];
    new Random(seed).nextBytes(pixels);
    return new ImageDataset(
        "synthetic", image.height(), image.width(), image.channels(), pixels, new byte[count]);
  }

  /**
   * One batch of the set converted once and fed at every step: the fed path's per-step cost without
   * the producer thread, which would compete with the step for the cores.
   */
  private static RealBatchSource fedBatches(ImageDataset data, int batch) {
    float[] images = new float[batch * data.imageSize()];
    for (int i = 0; i < batch; i++) {
      data.copyImage(i, images, i * data.imageSize());
    }
    ImageBatches.Batch fed = ImageBatches.Batch.ofImages(images, new int[batch]);
    return new RealBatchSource() {
      @Override
      public int batchesPerEpoch() {
        return data.size() / batch;
      }

      @Override
      public ImageBatches.Batch next() {
        return fed;
      }
    };
  }

  /**
   * @param options the session's options: with towers, the step is split over them
   */
  static BenchResult run(
      String name,
      TrainConfig config,
      GanModel model,
      Windows timing,
      Path saveTo,
      SessionOptions options)
      throws IOException {
    int batch = config.batchSize();
    options.towers().shard(batch); // bad input when the batch does not split evenly
    ImageDataset synthetic =
        syntheticSet(model.imageShape(), Math.max(batch, SYNTHETIC_IMAGES), config.seed());
    boolean resident = config.batchSource() != BatchSource.FEED;
    RealBatchSource batches =
        resident
            ? new ResidentSetIndices(synthetic.size(), batch, config.seed(), 0)
            : fedBatches(synthetic, batch);
    try (GanSession session =
        new GanSession(
            model, Models.graphSettings(config), batch, resident ? synthetic : null, options)) {
      long[] step = {0};
      Consumer<Integer> train =
          count -> {
            for (int i = 0; i < count; i++, step[0]++) {
              session.trainStep(step[0], batches.next());
            }
          };
      int steps = timing.stepsFor(timing.warmUp(() -> train.accept(1)));
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
          StepFlops.perStep(session.graph(), batch),
          timing.profileSteps() > 0 ? (double) profile.nodes() / timing.profileSteps() : Double.NaN,
          Math.max(1, options.towers().count()));
    }
  }
}
