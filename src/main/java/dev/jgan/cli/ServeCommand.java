package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.api.GeneratorLoadException;
import dev.jgan.serve.GanServer;
import dev.jgan.serve.ServeSettings;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code gan serve}: an exported generator behind TensorFlow Serving's REST API. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve a trained generator over HTTP with TensorFlow Serving's REST API"
          + " (/v1/models/NAME, /metadata, :predict) and a page for people at /.",
      "SIGTERM or Ctrl-C stops listening, finishes the requests in flight and exits 0."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "PATH",
      description = "A run folder from 'gan train' (serves its export/) or a SavedModel folder")
  Path model;

  @Option(names = "--port", description = "TCP port; 0 = any free one (default: 8501)")
  int port = ServeSettings.DEFAULT_PORT;

  @Option(
      names = "--host",
      description = "Address to listen on; 0.0.0.0 for every interface (default: 127.0.0.1)")
  String host = "127.0.0.1";

  @Option(names = "--name", description = "Model name in the URLs (default: gan)")
  String name = "gan";

  @Option(names = "--watch", description = "Switch to a newer export of --model when one appears")
  boolean watch;

  @Option(
      names = "--max-batch",
      description = "Most images per Session.run and per request (default: 256)")
  int maxBatch = ServeSettings.DEFAULT_MAX_BATCH;

  @Option(
      names = "--batch-wait-ms",
      description = "How long a request waits for others to share its batch (default: 2)")
  long batchWaitMs = ServeSettings.DEFAULT_BATCH_WAIT_MS;

  @Option(
      names = "--queue",
      description = "Requests that may wait for the model; more get 503 at once (default: 64)")
  int queue = ServeSettings.DEFAULT_QUEUE;

  @Option(
      names = "--timeout-ms",
      description = "A request not answered within this gets 504 (default: 30000)")
  long timeoutMs = ServeSettings.DEFAULT_TIMEOUT_MS;

  @Option(names = "--max-body", description = "Largest request body in bytes (default: 4194304)")
  long maxBody = ServeSettings.DEFAULT_MAX_BODY;

  @Option(names = "--max-count", description = "Most images of one samples.png (default: 256)")
  int maxCount = ServeSettings.DEFAULT_MAX_COUNT;

  @Override
  public Integer call() throws Exception {
    ServeSettings settings =
        new ServeSettings(
                model,
                host,
                port,
                name,
                maxBatch,
                Duration.ofMillis(batchWaitMs),
                queue,
                Duration.ofMillis(timeoutMs),
                maxBody,
                maxCount,
                watch,
                Duration.ofSeconds(2))
            .check();
    CountDownLatch stop = new CountDownLatch(1);
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stop.countDown());
    }
    GanServer server = open(settings);
    System.out.println("serving " + server.describe());
    System.out.println(
        "listening on http://"
            + server.address().getHostString()
            + ":"
            + server.address().getPort()
            + "/ (REST: /v1/models/"
            + name
            + ":predict)");
    System.out.flush();
    stop.await();
    System.out.println("stopping: finishing the requests in flight");
    server.stop(Duration.ofSeconds(30));
    System.out.println("stopped");
    return 0;
  }

  private static GanServer open(ServeSettings settings) throws Exception {
    try {
      return GanServer.start(settings);
    } catch (GeneratorLoadException e) {
      throw e.getCause() instanceof BadInputException bad
          ? bad
          : new BadInputException("--model " + settings.model() + ": " + e.getMessage());
    } catch (BindException e) {
      throw new BadInputException(
          "--host "
              + settings.host()
              + " --port "
              + settings.port()
              + ": cannot listen there ("
              + e.getMessage()
              + "); pick a free port with --port or another --host");
    }
  }
}
