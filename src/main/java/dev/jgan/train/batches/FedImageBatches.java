package dev.jgan.train.batches;

import dev.jgan.data.BatchStream;
import dev.jgan.data.ImageSource;
import dev.jgan.train.ImageBatches.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches of images converted in Java by a {@link BatchStream} and fed to the step; each call
 * returns the previous batch's arrays to the stream's pool.
 */
public final class FedImageBatches implements RealBatchSource {
  private static final Logger LOG = LoggerFactory.getLogger(FedImageBatches.class);
  private final BatchStream stream;
  private BatchStream.Batch previous;

  /** Starts where a run that has done {@code steps} steps left off. */
  public FedImageBatches(ImageSource images, int batchSize, long seed, long steps) {
    this.stream = BatchStream.resumingAfter(images, batchSize, seed, steps);
  }

  @Override
  public int batchesPerEpoch() {
    return stream.batchesPerEpoch();
  }

  @Override
  public Batch next() {
    if (previous != null) {
      stream.recycle(previous);
    }
    previous = stream.next();
    return Batch.ofImages(previous.images(), previous.labels());
  }

  @Override
  public void logDataWait(long steps, long loopNanos) {
    if (steps <= 0 || loopNanos <= 0) {
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
    stream.close();
  }
}
