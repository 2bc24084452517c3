package dev.jgan.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes the entries a source yields on all cores and appends each converted image to a {@link
 * StoreWriter} as it is done, so that neither the files nor the pixels pile up on the heap: only
 * the record number of each path is kept, in path order whatever the archive or completion order. A
 * path seen twice (possible in a tar) keeps its last version, as extracting would; entries are
 * numbered as they arrive so a late-finishing older version cannot win.
 *
 * <p>The reading thread (the caller of {@link #image}) waits when a few entries per core are in
 * flight: memory stays bounded however fast the files are read.
 */
final class ParallelDecoder implements ImageEntries.Visitor, AutoCloseable {
  private final int size;
  private final int channels;
  private final StoreWriter writer;
  private final DecodeProgress progress;
  private final ExecutorService pool;
  private final Semaphore inFlight;
  private final AtomicInteger threadNumber = new AtomicInteger();
  private long arrivals;
  // Guarded by this: the newest entry number seen per path, and the outcome of that entry.
  private final Map<String, Long> newest = new HashMap<>();
  private final SortedMap<String, Integer> images = new TreeMap<>();
  private final SortedMap<String, String> skipped = new TreeMap<>();
  private volatile Throwable failure;

  ParallelDecoder(
      int size, int channels, StoreWriter writer, DecodeProgress progress, int threads) {
    this.size = size;
    this.channels = channels;
    this.writer = writer;
    this.progress = progress;
    this.inFlight = new Semaphore(threads * 4);
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "jgan-decode-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void image(String path, byte[] data) {
    rethrowFailure();
    long number = arrivals++;
    inFlight.acquireUninterruptibly();
    try {
      pool.execute(
          () -> {
            try {
              decode(number, path, data);
            } catch (Throwable t) {
              if (failure == null) {
                failure = t;
              }
            } finally {
              inFlight.release();
            }
          });
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  @Override
  public void skip(String path, String reason) {
    record(arrivals++, path, null, reason);
  }

  /**
   * Waits for every image in flight; rethrows the first failure of a decoder thread (a write error,
   * or an Error such as OutOfMemoryError).
   */
  void finish() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(365, TimeUnit.DAYS)) {
        throw new IllegalStateException("decoders did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding", e);
    }
    rethrowFailure();
  }

  /** Decoded images by path, in path order, with their record numbers. */
  synchronized SortedMap<String, Integer> images() {
    return images;
  }

  /** Skipped files by path, with the reason, in path order. */
  synchronized SortedMap<String, String> skipped() {
    return skipped;
  }

  /** Marks an image as skipped after decoding (a top-level image next to class folders). */
  synchronized void skipLater(String path, String reason) {
    images.remove(path);
    skipped.put(path, reason);
  }

  /** Images and skips together: every file that counted. */
  synchronized int total() {
    return images.size() + skipped.size();
  }

  /** "path: reason" of the first skip by path, for the warning. */
  synchronized String firstSkip() {
    Map.Entry<String, String> first = skipped.entrySet().iterator().next();
    return first.getKey() + ": " + first.getValue();
  }

  /**
   * Stops the decoders (a failed pass) and waits for them, so that none appends to the store while
   * its staging folder is deleted.
   */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void decode(long number, String path, byte[] data) throws IOException {
    byte[] pixels;
    try {
      pixels = SquareImages.convert(ImageDecoder.decode(data), size, channels);
    } catch (ImageDecoder.UndecodableException e) {
      record(number, path, null, e.getMessage());
      return;
    } catch (RuntimeException e) {
      // A decoded image whose colour model Java2D cannot convert to RGB: one bad file, not a bug
      // worth stopping a long load for.
      record(number, path, null, "cannot convert the decoded image: " + e);
      return;
    }
    if (failure == null) {
      record(number, path, writer.append(pixels), null);
    }
  }

  private synchronized void record(long number, String path, Integer slot, String skipReason) {
    progress.one();
    Long previous = newest.get(path);
    if (previous != null && previous > number) {
      return; // a newer version of this path was already recorded
    }
    newest.put(path, number);
    if (slot != null) {
      skipped.remove(path);
      images.put(path, slot);
    } else {
      images.remove(path);
      skipped.put(path, skipReason);
    }
  }

  private void rethrowFailure() {
    Throwable t = failure;
    if (t instanceof IOException io) {
      throw new UncheckedIOException(io);
    } else if (t instanceof RuntimeException r) {
      throw r;
    } else if (t instanceof Error e) {
      throw e;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
  }
}
