package dev.jgan.serve;

import dev.jgan.BadInputException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code gan serve} is told: what to serve, where, and the limits that keep one client
 * from starving the others.
 *
 * @param model a run folder or a SavedModel folder
 * @param name the model name in the URLs ({@code /v1/models/NAME})
 * @param maxBatch most images in one Session.run, and so in one request
 * @param batchWait how long the first request of a batch waits for others to join it
 * @param queue requests waiting for the model at most; one more is answered 503 at once
 * @param timeout how long a request may wait for its images before it is answered 504
 * @param maxBodyBytes the largest request body; a larger one is answered 413
 * @param maxCount the most images of one samples.png
 * @param watch whether to switch to a newer export of the same folder when it appears
 * @param watchEvery how often the folder is looked at when watching
 */
public record ServeSettings(
    Path model,
    String host,
    int port,
    String name,
    int maxBatch,
    Duration batchWait,
    int queue,
    Duration timeout,
    long maxBodyBytes,
    int maxCount,
    boolean watch,
    Duration watchEvery) {

  public static final int DEFAULT_PORT = 8501; // TensorFlow Serving's REST port
  public static final int DEFAULT_MAX_BATCH = 256;
  public static final int DEFAULT_BATCH_WAIT_MS = 2;
  public static final int DEFAULT_QUEUE = 64;
  public static final int DEFAULT_TIMEOUT_MS = 30_000;
  public static final long DEFAULT_MAX_BODY = 4L << 20;
  public static final int DEFAULT_MAX_COUNT = 256;

  /** The defaults of {@code gan serve} for a model. */
  public static ServeSettings defaults(Path model) {
    return new ServeSettings(
        model,
        "127.0.0.1",
        DEFAULT_PORT,
        "gan",
        DEFAULT_MAX_BATCH,
        Duration.ofMillis(DEFAULT_BATCH_WAIT_MS),
        DEFAULT_QUEUE,
        Duration.ofMillis(DEFAULT_TIMEOUT_MS),
        DEFAULT_MAX_BODY,
        DEFAULT_MAX_COUNT,
        false,
        Duration.ofSeconds(2));
  }

  public ServeSettings withPort(int port) {
    return new ServeSettings(
        model,
        host,
        port,
        name,
        maxBatch,
        batchWait,
        queue,
        timeout,
        maxBodyBytes,
        maxCount,
        watch,
        watchEvery);
  }

  /** Throws a {@link BadInputException} naming the first bad flag. */
  public ServeSettings check() {
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port " + port + ": give 0 to 65535 (0 = any free port)");
    }
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new BadInputException(
          "--name " + name + ": use letters, digits, '.', '_' and '-' (it is part of the URLs)");
    }
    positive("--max-batch", maxBatch);
    positive("--queue", queue);
    positive("--max-count", maxCount);
    if (batchWait.isNegative()) {
      throw new BadInputException("--batch-wait-ms " + batchWait.toMillis() + ": give 0 or more");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new BadInputException("--timeout-ms " + timeout.toMillis() + ": give a positive time");
    }
    if (maxBodyBytes < 1024) {
      throw new BadInputException("--max-body " + maxBodyBytes + ": give at least 1024 bytes");
    }
    return this;
  }

  private static void positive(String flag, long value) {
    if (value < 1) {
      throw new BadInputException(flag + " " + value + ": give at least 1");
    }
  }
}
