package dev.jgan.train;

/** The real batches the loop trains on, epoch after epoch. */
public interface ImageBatches {
  int batchesPerEpoch();

  /** The next batch's images, [batch * H * W * C] in [-1, 1]; valid until the next call. */
  float[] next();
}
