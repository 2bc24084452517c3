package dev.jgan.train.batches;

import dev.jgan.data.ImageSet;
import dev.jgan.train.ImageBatches.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real batches the loop trains on, epoch after epoch ({@code --batch-source}, docs/DESIGN.md
 * "The step's inputs"): indices into the training set resident in the graph ({@link
 * ResidentSetIndices}), or images converted in Java for the step to feed ({@link FedImageBatches}).
 * Both visit the images in the same order, so a run is the same run either way.
 */
public interface RealBatchSource extends AutoCloseable {
  int batchesPerEpoch();

  /** The next batch; its arrays are valid until the next call. */
  Batch next();

  /** The set for the session to keep in the graph, or null when batches are fed. */
  default ImageSet residentSet() {
    return null;
  }

  /**
   * Logs how long the loop waited for batches over {@code steps} steps of {@code loopNanos}: the
   * data path's share of the step time (docs/DATA.md). A resident set has no data path to wait on.
   */
  default void logDataWait(long steps, long loopNanos) {}

  @Override
  default void close() {}

  /**
   * The batches of a run that has done {@code startStep} steps.
   *
   * @param resident indices into the set the graph holds, else images fed (the run decides: {@code
   *     --batch-source} and the set's size)
   */
  static RealBatchSource open(
      boolean resident, ImageSet images, int batchSize, long seed, long startStep) {
    Logger log = LoggerFactory.getLogger(RealBatchSource.class);
    if (resident) {
      log.info("real batches: gathered in the graph from the resident training set");
      return new ResidentSetIndices(images, batchSize, seed, startStep);
    }
    log.info("real batches: converted in Java and fed");
    return new FedImageBatches(images, batchSize, seed, startStep);
  }
}
