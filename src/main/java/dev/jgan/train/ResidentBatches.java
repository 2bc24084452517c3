package dev.jgan.train;

import dev.jgan.data.BatchStream;

/**
 * Batches of indices into a training set resident in the graph, in the order {@link BatchStream}
 * would stream the same set: epoch e visits {@code BatchStream.epochOrder(size, seed, e)}, and the
 * last incomplete batch is dropped. So a run sees the same images whichever way its batches come,
 * and a resumed run sees what a straight one would.
 */
public final class ResidentBatches implements ImageBatches {
  private final int size;
  private final int batchSize;
  private final long seed;
  private final int[] indices;
  private int epoch;
  private int batch;
  private int[] order;

  /** Starts where a run that has done {@code steps} steps left off. */
  public ResidentBatches(int size, int batchSize, long seed, long steps) {
    BatchStream.checkBatchSize(batchSize, size);
    this.size = size;
    this.batchSize = batchSize;
    this.seed = seed;
    this.indices = new int[batchSize];
    this.epoch = (int) (steps / batchesPerEpoch());
    this.batch = (int) (steps % batchesPerEpoch());
  }

  @Override
  public int batchesPerEpoch() {
    return size / batchSize;
  }

  @Override
  public Batch next() {
    if (batch == batchesPerEpoch()) {
      epoch++;
      batch = 0;
      order = null;
    }
    if (order == null) {
      order = BatchStream.epochOrder(size, seed, epoch);
    }
    System.arraycopy(order, batch * batchSize, indices, 0, batchSize);
    batch++;
    return Batch.ofIndices(indices);
  }
}
