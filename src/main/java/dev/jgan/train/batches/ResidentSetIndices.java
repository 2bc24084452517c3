package dev.jgan.train.batches;

import dev.jgan.data.BatchStream;
import dev.jgan.data.ImageSet;
import dev.jgan.train.ImageBatches.Batch;

/**
 * Batches of indices into a training set resident in the graph, in the order {@link BatchStream}
 * would stream the same set: epoch e visits {@code BatchStream.epochOrder(size, seed, e)}, and the
 * last incomplete batch is dropped. So a run sees the same images whichever way its batches come,
 * and a resumed run sees what a straight one would.
 */
public final class ResidentSetIndices implements RealBatchSource {
  private final ImageSet resident; // null: indices only (tests, benchmarks)
  private final int size;
  private final int batchSize;
  private final long seed;
  private final int[] indices;
  private int epoch;
  private int batch;
  private int[] order;

  /** Indices into {@code resident}, which the session keeps in the graph. */
  public ResidentSetIndices(ImageSet resident, int batchSize, long seed, long steps) {
    this(resident, resident.size(), batchSize, seed, steps);
  }

  /** Indices into a set of {@code size} images held elsewhere. */
  public ResidentSetIndices(int size, int batchSize, long seed, long steps) {
    this(null, size, batchSize, seed, steps);
  }

  /** Starts where a run that has done {@code steps} steps left off. */
  private ResidentSetIndices(ImageSet resident, int size, int batchSize, long seed, long steps) {
    this.resident = resident;
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
  public ImageSet residentSet() {
    return resident;
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
