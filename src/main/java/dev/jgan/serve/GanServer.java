package dev.jgan.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gan serve}: one generator behind TensorFlow Serving's REST API on the JDK's HTTP server
 * (docs/SERVING.md says why that server). {@link #stop(Duration)} drains: the port closes, requests
 * in flight finish, then the model is freed.
 */
public final class GanServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GanServer.class);

  /** How long {@link #stop} gives HttpServer.stop to close the port before it counts requests. */
  private static final Duration PORT_CLOSE = Duration.ofMillis(100);

  private final ServeSettings settings;
  private final ModelSlot slot;
  private final Batcher batcher;
  private final HttpServer http;
  private final ExecutorService handlers;
  private final InFlight inFlight;
  private final ScheduledExecutorService watcher;

  static {
    // The JDK server leaves Nagle's algorithm on: a small answer then waits for the client's
    // delayed ACK, ~40 ms a request (measured in docs/SERVING.md). Read once, when the first
    // server starts, so it is set before any is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private GanServer(ServeSettings settings) throws IOException {
    this.settings = settings.check();
    this.slot = new ModelSlot(settings.model());
    try {
      this.batcher = new Batcher(slot, settings.maxBatch(), settings.batchWait(), settings.queue());
      this.http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
    } catch (IOException | RuntimeException e) {
      slot.close();
      throw e;
    }
    // Handler threads wait for their batch; more of them than the queue lets the queue, not the
    // thread pool, decide when to answer 503.
    this.handlers =
        Executors.newFixedThreadPool(
            settings.queue() + 32,
            r -> {
              Thread t = new Thread(r, "gan-serve-http");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(handlers);
    this.inFlight = new InFlight(new Routes(settings, slot, batcher));
    http.createContext("/", inFlight);
    this.watcher = settings.watch() ? Executors.newSingleThreadScheduledExecutor() : null;
  }

  /** Loads the model and starts listening. */
  public static GanServer start(ServeSettings settings) throws IOException {
    GanServer server = new GanServer(settings);
    server.http.start();
    if (server.watcher != null) {
      long every = settings.watchEvery().toMillis();
      server.watcher.scheduleWithFixedDelay(
          server::lookForNewExport, every, every, TimeUnit.MILLISECONDS);
    }
    return server;
  }

  private void lookForNewExport() {
    try {
      slot.reloadIfChanged();
    } catch (RuntimeException e) {
      log.warn("watching {} failed: {}", settings.model(), e.toString());
    }
  }

  /** The address really bound (port 0 asks for any free port). */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /** The version the REST API reports now. */
  public long version() {
    return slot.current().version();
  }

  /** What is served, for the start-up line. */
  public String describe() {
    var g = slot.current().generator();
    return g.savedModel()
        + " ("
        + g.height()
        + "x"
        + g.width()
        + "x"
        + g.channels()
        + ", latent "
        + g.latentSize()
        + (g.conditional() ? ", " + g.classes() + " classes" : "")
        + ") as '"
        + settings.name()
        + "' version "
        + version();
  }

  Batcher batcher() {
    return batcher;
  }

  ModelSlot slot() {
    return slot;
  }

  /**
   * Stops listening, lets requests in flight finish for up to {@code grace}, then frees the model.
   * Returns as soon as the last request in flight is answered.
   */
  public void stop(Duration grace) throws InterruptedException {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    // HttpServer.stop closes the port at once, then waits for open exchanges in whole seconds;
    // on JDK 17 it sleeps out the whole delay even when none is open (InFlight), so it runs on a
    // thread of its own and the wait here is for the exchanges themselves.
    int seconds = (int) Math.max(1, (grace.toMillis() + 999) / 1000);
    Thread closer = new Thread(() -> http.stop(seconds), "gan-serve-stop");
    closer.setDaemon(true);
    closer.start();
    closer.join(PORT_CLOSE.toMillis()); // long enough for the port to close; the sleep is not
    if (!inFlight.awaitNone(grace)) {
      log.warn(
          "{} requests still running after {} s; stopping anyway", inFlight.running(), seconds);
    }
    batcher.close();
    handlers.shutdown();
    handlers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    slot.close();
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(1));
  }
}
