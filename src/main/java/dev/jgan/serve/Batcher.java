package dev.jgan.serve;

import dev.jgan.api.Images;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Server-side batching: requests waiting at the same time are merged into one Session.run of up to
 * {@code maxBatch} images. The first request of a batch waits at most {@code wait} for others; the
 * queue holds at most {@code capacity} requests and refuses the next at once, so that an overload
 * is answered 503 rather than piling up.
 */
final class Batcher implements AutoCloseable {
  /** One request's latents (row by row), labels or null, and where its pixels go. */
  record Job(float[] z, int[] labels, int count, CompletableFuture<float[]> pixels) {}

  private final ModelSlot slot;
  private final int maxBatch;
  private final long waitNanos;
  private final BlockingQueue<Job> queue;
  private final Thread thread;

  /** Closed by tests to keep jobs queued (a full queue, a timeout); open otherwise. */
  private final Semaphore gate = new Semaphore(1);

  private Job carried; // taken from the queue but too big for the last batch
  private volatile boolean closing;
  private volatile long batches;
  private volatile long images;

  Batcher(ModelSlot slot, int maxBatch, Duration wait, int capacity) {
    this.slot = slot;
    this.maxBatch = maxBatch;
    this.waitNanos = wait.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::loop, "gan-serve-batcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a request of {@code count <= maxBatch} images.
   *
   * @throws ApiError 503 when the queue is full or the server is stopping
   */
  CompletableFuture<float[]> submit(float[] z, int[] labels, int count) {
    if (closing) {
      throw new ApiError(503, "the server is shutting down; retry on another replica");
    }
    Job job = new Job(z, labels, count, new CompletableFuture<>());
    if (!queue.offer(job)) {
      throw new ApiError(
          503,
          "the server is busy: "
              + queue.size()
              + " requests already wait for the model (--queue); retry shortly");
    }
    return job.pixels();
  }

  private void loop() {
    try {
      while (true) {
        Job first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        gate.acquire();
        gate.release();
        run(collect(first));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code first} and the requests that arrive within the wait, up to {@code maxBatch} images. */
  private List<Job> collect(Job first) throws InterruptedException {
    List<Job> batch = new ArrayList<>();
    batch.add(first);
    int total = first.count();
    long deadline = System.nanoTime() + waitNanos;
    while (total < maxBatch) {
      long left = deadline - System.nanoTime();
      Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      if (total + next.count() > maxBatch) {
        carried = next;
        break;
      }
      batch.add(next);
      total += next.count();
    }
    return batch;
  }

  private void run(List<Job> batch) {
    // A job whose caller gave up (timeout) is dropped before it costs a Session.run.
    batch.removeIf(job -> job.pixels().isDone());
    if (batch.isEmpty()) {
      return;
    }
    int total = batch.stream().mapToInt(Job::count).sum();
    int width = batch.get(0).z().length / batch.get(0).count();
    boolean conditional = batch.get(0).labels() != null;
    float[] z = new float[total * width];
    int[] labels = conditional ? new int[total] : null;
    int at = 0;
    for (Job job : batch) {
      System.arraycopy(job.z(), 0, z, at * width, job.z().length);
      if (conditional) {
        System.arraycopy(job.labels(), 0, labels, at, job.count());
      }
      at += job.count();
    }
    try {
      Images out = slot.generate(z, labels, total);
      float[] pixels = out.pixels();
      int perImage = out.height() * out.width() * out.channels();
      at = 0;
      for (Job job : batch) {
        float[] mine = new float[job.count() * perImage];
        System.arraycopy(pixels, at * perImage, mine, 0, mine.length);
        job.pixels().complete(mine);
        at += job.count();
      }
      batches++;
      images += total;
    } catch (RuntimeException e) {
      batch.forEach(job -> job.pixels().completeExceptionally(e));
    }
  }

  /** Requests waiting for the model now. */
  int queued() {
    return queue.size();
  }

  /** Session.runs so far, and the images they made: their ratio is the mean batch. */
  long batches() {
    return batches;
  }

  long images() {
    return images;
  }

  /** Tests: hold batches back until {@link #release()}. */
  void hold() throws InterruptedException {
    gate.acquire();
  }

  void release() {
    gate.release();
  }

  /** Refuses new requests, finishes the queued ones, then stops. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    thread.join();
    // A request queued in the instant between the last look and the stop is answered, not lost.
    for (Job late = queue.poll(); late != null; late = queue.poll()) {
      late.pixels().completeExceptionally(new ApiError(503, "the server is shutting down"));
    }
  }
}
