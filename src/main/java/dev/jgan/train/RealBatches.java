package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.config.BatchSource;
import dev.jgan.data.BatchStream;
import dev.jgan.data.ImageSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run's real batches come from ({@code --batch-source}, docs/DESIGN.md "The step's
 * inputs"): the training set resident in the graph, each step a batch of indices; or a {@link
 * BatchStream} that converts batches in Java for the step to feed. Both visit the images in the
 * same order, so a run is the same run either way.
 */
final class RealBatches implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RealBatches.class);

  private final ImageSet resident; // the set the graph holds, or null
  private final BatchStream stream; // null when resident
  private final ImageBatches batches;

  private RealBatches(ImageSet resident, BatchStream stream, ImageBatches batches) {
    this.resident = resident;
    this.stream = stream;
    this.batches = batches;
  }

  /**
   * The batches of a run that has done {@code startStep} steps.
   *
   * @throws BadInputException for {@code graph} on a set above {@link
   *     StepInputs#MAX_RESIDENT_BYTES}
   */
  static RealBatches open(
      BatchSource source, ImageSet images, int batchSize, long seed, long startStep) {
    if (resident(source, images)) {
      LOG.info("real batches: gathered in the graph from the resident training set");
      return new RealBatches(
          images, null, new ResidentBatches(images.size(), batchSize, seed, startStep));
    }
    LOG.info("real batches: converted in Java and fed");
    BatchStream stream = BatchStream.resumingAfter(images, batchSize, seed, startStep);
    return new RealBatches(null, stream, new RecyclingBatches(stream));
  }

  /** Whether the set goes into the graph: on request, or by AUTO when it is small. */
  static boolean resident(BatchSource source, ImageSet images) {
    return resident(source, images, StepInputs.MAX_RESIDENT_BYTES);
  }

  static boolean resident(BatchSource source, ImageSet images, long maxBytes) {
    long bytes = (long) images.size() * images.imageSize();
    return switch (source) {
      case FEED -> false;
      case AUTO -> bytes <= StepInputs.AUTO_RESIDENT_BYTES;
      case GRAPH -> {
        if (bytes > maxBytes) {
          throw new BadInputException(
              "--batch-source graph: the training set is "
                  + bytes
                  + " bytes decoded, above the "
                  + maxBytes
                  + " the graph may hold; use --batch-source feed");
        }
        yield true;
      }
    };
  }

  /** The set for {@link GanSession} to keep in the graph, or null when batches are fed. */
  ImageSet resident() {
    return resident;
  }

  ImageBatches batches() {
    return batches;
  }

  /**
   * Logs how long the loop waited for streamed batches over {@code steps} steps of {@code
   * loopNanos}: the data path's share of the step time, where a slow disk would show
   * (docs/DATA.md). A resident set has no data path to wait on.
   */
  void logDataWait(long steps, long loopNanos) {
    if (stream == null || steps <= 0 || loopNanos <= 0) {
      return;
    }
    long waited = stream.waitedNanos();
    LOG.info(
        "data: the loop waited {} ms for batches over {} steps, {}% of its {} s",
        waited / 1_000_000,
        steps,
        String.format("%.1f", 100.0 * waited / loopNanos),
        String.format("%.1f", loopNanos / 1e9));
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }
}
