package dev.jgan.train;

import dev.jgan.data.BatchStream;

/** Hands the loop each batch's images and returns the previous batch's arrays to the pool. */
final class RecyclingBatches implements ImageBatches {
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
  public Batch next() {
    if (previous != null) {
      stream.recycle(previous);
    }
    previous = stream.next();
    return Batch.ofImages(previous.images(), previous.labels());
  }
}
