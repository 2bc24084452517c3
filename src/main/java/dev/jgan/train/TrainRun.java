package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.BatchStream;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.Datasets;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.Split;
import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run from a validated config to a run folder: load data, train, write samples and
 * metrics, checkpoint, export the generator. Bad input is rejected before the folder is created.
 */
public final class TrainRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainRun.class);

  /** What a finished run leaves behind. */
  public record Outcome(RunFolder folder, long steps, Path checkpoint) {}

  private TrainRun() {}

  /** Loads the configured data set, then trains on it (see {@link #train}). */
  public static Outcome execute(TrainConfig config, Path out, PrintStream progress, boolean tty)
      throws IOException {
    RunFolder folder = RunFolder.check(out);
    Optional<Path> data = Optional.ofNullable(config.data()).map(Path::of);
    ImageDataset images = Datasets.load(DatasetSpec.byName(config.dataset()), data, Split.TRAIN);
    return train(config, images, folder, progress, tty);
  }

  /** Trains on {@code images} into a checked, not yet created run folder. */
  public static Outcome train(
      TrainConfig config, ImageDataset images, RunFolder folder, PrintStream progress, boolean tty)
      throws IOException {
    if (images.size() < config.batchSize()) {
      throw new BadInputException(
          "--batch-size "
              + config.batchSize()
              + " is larger than the data set ("
              + images.size()
              + " images); use a smaller batch");
    }
    ImageShape image = new ImageShape(images.height(), images.width(), images.channels());
    GanModel model = Models.create(config, image);

    folder.create();
    ConfigResolver.JSON.writeValue(folder.config().toFile(), config);
    LOG.info(
        "training {} on {} ({} images of {}x{}x{}), {} epochs of batch {} -> {}",
        config.model(),
        config.dataset(),
        images.size(),
        image.height(),
        image.width(),
        image.channels(),
        config.epochs(),
        config.batchSize(),
        folder.root());

    NoiseSource noise =
        new NoiseSource(config.seed(), config.latentDim(), config.noise().equals("normal"));
    try (GanSession session =
            new GanSession(model, Models.graphSettings(config), config.batchSize());
        BatchStream stream = new BatchStream(images, config.batchSize(), config.seed(), 0);
        MetricsLog metrics = new MetricsLog(folder.metrics())) {
      List<TrainingListener> listeners =
          List.of(
              metrics,
              new ProgressReporter(progress, tty),
              new SampleGridWriter(folder.samples(), image, config.sampleGrid(), noise));
      TrainingLoop loop = new TrainingLoop(session, new RecyclingBatches(stream), noise, listeners);
      long steps = loop.run(config.epochs(), config.maxSteps());
      Path checkpoint = folder.checkpoints().resolve("ckpt-" + steps);
      session.save(checkpoint.toString());
      GeneratorExporter.export(model, checkpoint.toString(), folder.export());
      LOG.info("exported the generator to {}", folder.export());
      return new Outcome(folder, steps, checkpoint);
    }
  }

  /** Hands the loop each batch's images and returns the previous batch's arrays to the pool. */
  private static final class RecyclingBatches implements ImageBatches {
    private final BatchStream stream;
    private BatchStream.Batch previous;

    RecyclingBatches(BatchStream stream) {
      this.stream = stream;
    }

    @Override
    public int batchesPerEpoch() {
      return stream.batchesPerEpoch();
    }

    @Override
    public float[] next() {
      if (previous != null) {
        stream.recycle(previous);
      }
      previous = stream.next();
      return previous.images();
    }
  }
}
