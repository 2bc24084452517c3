package dev.jgan.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Server-side batching: requests waiting at the same time are merged into one Session.run of up to
 * {@code maxBatch} images. The first request of a batch waits at most {@code wait} for others; the
 * queue holds at most {@code capacity} requests and refuses the next at once, so that an overload
 * is answered 503 rather than piling up. The PNG routes queue here too ({@link #submitAlone}): they
 * run in turn with the batches, bounded by the same queue and timeout, but alone, so that a picture
 * is exactly {@code gan generate}'s.
 */
final class Batcher implements AutoCloseable {
  /** A request's images: {@code count} from image {@code first} of its batch's pixels (NHWC). */
  record Slice(float[] pixels, int first, int count) {}

  /**
   * One request: latents (row by row) and labels or null to merge, and where its slice goes; or,
   * when {@code alone} is set, work run by itself (count 0).
   */
  private record Job(
      float[] z, int[] labels, int count, CompletableFuture<Slice> slice, Alone<?> alone) {
    boolean abandoned() {
      return alone != null ? alone.result.isDone() : slice.isDone();
    }
  }

  /** Work run alone on the batcher's thread, and its caller's future. */
  private record Alone<T>(Supplier<T> work, CompletableFuture<T> result) {
    void run() {
      try {
        result.complete(work.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }
  }

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
  CompletableFuture<Slice> submit(float[] z, int[] labels, int count) {
    Job job = new Job(z, labels, count, new CompletableFuture<>(), null);
    offer(job);
    return job.slice();
  }

  /**
   * Queues work that runs by itself in turn with the batches (a picture of a seed).
   *
   * @throws ApiError 503 when the queue is full or the server is stopping
   */
  <T> CompletableFuture<T> submitAlone(Supplier<T> work) {
    Alone<T> alone = new Alone<>(work, new CompletableFuture<>());
    offer(new Job(null, null, 0, null, alone));
    return alone.result();
  }

  private void offer(Job job) {
    if (closing) {
      throw new ApiError(503, "the server is shutting down; retry on another replica");
    }
    if (!queue.offer(job)) {
      throw new ApiError(
          503,
          "the server is busy: "
              + queue.size()
              + " requests already wait for the model (--queue); retry shortly");
    }
  }

  /**
   * Waits for a queued request: 504 after {@code timeout} (the batcher then drops it if it has not
   * run), 400 for input the model refused.
   */
  static <T> T await(CompletableFuture<T> result, Duration timeout) {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(false);
      throw new ApiError(
          504,
          "Deadline exceeded: the images were not ready within "
              + timeout.toMillis()
              + " ms (--timeout-ms)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "the server is shutting down");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiError api) {
        throw api;
      }
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw ApiError.badRequest(bad.getMessage());
      }
      throw new IllegalStateException("generation failed", e.getCause());
    }
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
        if (first.alone() != null) {
          if (!first.abandoned()) {
            first.alone().run();
          }
        } else {
          run(collect(first));
        }
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
      if (next.alone() != null || total + next.count() > maxBatch) {
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
    batch.removeIf(Job::abandoned);
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
      float[] pixels = slot.generate(z, labels, total).pixels();
      at = 0;
      for (Job job : batch) { // each writes its own part of the batch's pixels, no copy
        job.slice().complete(new Slice(pixels, at, job.count()));
        at += job.count();
      }
      batches++;
      images += total;
    } catch (RuntimeException e) {
      batch.forEach(job -> job.slice().completeExceptionally(e));
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
      ApiError stopping = new ApiError(503, "the server is shutting down");
      if (late.alone() != null) {
        late.alone().result().completeExceptionally(stopping);
      } else {
        late.slice().completeExceptionally(stopping);
      }
    }
  }
}
