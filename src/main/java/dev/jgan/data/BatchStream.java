package dev.jgan.data;

import dev.jgan.BadInputException;
import dev.jgan.random.Seeds;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Shuffled training batches, prepared on a background daemon thread so that converting pixels to
 * floats overlaps with the training step.
 *
 * <p>Epoch {@code e}'s order depends only on (seed, e), so a run resumed at epoch {@code e} sees
 * exactly the batches an uninterrupted run would. The last incomplete batch of each epoch is
 * dropped: GAN steps assume a fixed batch size, and the dropped images are a different random few
 * every epoch.
 *
 * <p>Not thread-safe: one consumer thread calls {@link #next()}.
 */
public final class BatchStream implements AutoCloseable {
  /**
   * One batch: {@code images} holds {@code labels.length} images in NHWC order, values in [-1, 1];
   * {@code indexInEpoch} counts from 0 to {@link #batchesPerEpoch()} - 1.
   */
  public record Batch(int epoch, int indexInEpoch, float[] images, int[] labels) {}

  /** Batches prepared ahead: enough to hide a slow step, few enough to bound memory. */
  static final int PREFETCH_DEPTH = 3;

  private final ImageSource data;
  private final int batchSize;
  private final long seed;
  private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(PREFETCH_DEPTH);
  // Image arrays handed back through recycle(), reused so steady-state training makes no garbage.
  private final BlockingQueue<float[]> pool = new ArrayBlockingQueue<>(PREFETCH_DEPTH + 2);
  private final Thread producer;
  private volatile boolean closed;
  private volatile Throwable failure;
  private long waitedNanos;

  /**
   * Starts producing at the first batch of {@code startEpoch}.
   *
   * @throws BadInputException when {@code batchSize} is not in 1..data.size()
   */
  public BatchStream(ImageSource data, int batchSize, long seed, int startEpoch) {
    this(data, batchSize, seed, startEpoch, 0);
  }

  /**
   * Starts where a run that has done {@code steps} steps left off: epoch steps / batchesPerEpoch,
   * batch steps % batchesPerEpoch. Orders depend on (seed, epoch) alone, so a resumed run sees
   * exactly the batches an uninterrupted one would.
   */
  /**
   * The one check of a batch size against the data (the config checks only that it is positive).
   *
   * @throws BadInputException unless {@code batchSize} is in 1..{@code dataSize}
   */
  public static void checkBatchSize(int batchSize, int dataSize) {
    if (batchSize <= 0 || batchSize > dataSize) {
      throw new BadInputException(
          "--batch-size "
              + batchSize
              + " is larger than the data set ("
              + dataSize
              + " images); use a smaller batch");
    }
  }

  public static BatchStream resumingAfter(ImageSource data, int batchSize, long seed, long steps) {
    int perEpoch = Math.max(1, data.size() / Math.max(1, batchSize));
    return new BatchStream(
        data, batchSize, seed, (int) (steps / perEpoch), (int) (steps % perEpoch));
  }

  BatchStream(ImageSource data, int batchSize, long seed, int startEpoch, int startBatch) {
    checkBatchSize(batchSize, data.size());
    if (startEpoch < 0) {
      throw new IllegalArgumentException("startEpoch " + startEpoch + " < 0");
    }
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.producer = new Thread(() -> produce(startEpoch, startBatch), "jgan-batch-prefetch");
    producer.setDaemon(true); // never keeps the JVM alive if a caller forgets close()
    producer.start();
  }

  public int batchSize() {
    return batchSize;
  }

  /** Full batches per epoch: size / batchSize, rounded down (the remainder is dropped). */
  public int batchesPerEpoch() {
    return data.size() / batchSize;
  }

  /**
   * The next batch, waiting for the producer if needed.
   *
   * @throws IllegalStateException if the stream is closed or the producer thread failed (the
   *     failure is the cause)
   */
  public Batch next() {
    long start = System.nanoTime();
    try {
      while (true) {
        if (closed) {
          throw new IllegalStateException("BatchStream is closed");
        }
        // Poll rather than take: a producer that died can never put again, so keep checking.
        Batch batch = ready.poll(50, TimeUnit.MILLISECONDS);
        if (batch != null) {
          waitedNanos += System.nanoTime() - start;
          return batch;
        }
        Throwable cause = failure;
        if (cause != null) {
          throw new IllegalStateException("batch producer thread failed: " + cause, cause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
  }

  /**
   * Nanoseconds {@link #next()} has spent waiting for the producer in all: near 0 when reading and
   * converting images keeps ahead of the step, the training step's share otherwise.
   */
  public long waitedNanos() {
    return waitedNanos;
  }

  /**
   * Hands a batch's image array back for reuse. Optional; call it only once nothing reads {@code
   * batch.images()} any more, since the producer will overwrite it.
   */
  public void recycle(Batch batch) {
    if (batch.images().length == batchSize * data.imageSize()) {
      pool.offer(batch.images());
    }
  }

  /** Stops the producer thread and waits for it to end. Idempotent. */
  @Override
  public void close() {
    closed = true;
    producer.interrupt();
    try {
      producer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ready.clear();
  }

  /** Whether the producer thread is still running; false once {@link #close()} returned. */
  boolean producerAlive() {
    return producer.isAlive();
  }

  /**
   * The order in which epoch {@code epoch} visits the images: a Fisher-Yates shuffle driven by a
   * generator seeded from (seed, epoch) alone.
   */
  public static int[] epochOrder(int size, long seed, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = Seeds.random(seed, epoch, Seeds.SHUFFLE);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private void produce(int startEpoch, int startBatch) {
    int imageSize = data.imageSize();
    try {
      for (int epoch = startEpoch; !closed; epoch++) {
        int[] order = epochOrder(data.size(), seed, epoch);
        int first = epoch == startEpoch ? startBatch : 0;
        for (int b = first; b < batchesPerEpoch() && !closed; b++) {
          float[] images = pool.poll();
          if (images == null) {
            images = new float[batchSize * imageSize];
          }
          int[] labels = new int[batchSize];
          for (int i = 0; i < batchSize; i++) {
            int index = order[b * batchSize + i];
            data.copyImage(index, images, i * imageSize);
            labels[i] = data.label(index);
          }
          ready.put(new Batch(epoch, b, images, labels));
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts us: just end.
    } catch (Throwable t) {
      failure = t;
    }
  }
}
