package dev.jgan.train;

/** The real batches the loop trains on, epoch after epoch. */
public interface ImageBatches {
  int batchesPerEpoch();

  /**
   * A real batch: images [batch * H * W * C] in [-1, 1] and their class labels [batch]; valid until
   * the next call of {@link #next()}.
   */
  record Batch(float[] images, int[] labels) {}

  /** The next batch; its arrays are valid until the next call. */
  Batch next();
}
