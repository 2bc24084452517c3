package dev.jgan.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.jgan.api.Generator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The URLs: TensorFlow Serving's REST API under {@code /v1/models/NAME[/versions/N]} (status,
 * {@code /metadata}, {@code :predict}), and for people {@code /} and the PNG routes of {@link
 * Pictures}.
 */
final class Routes implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Routes.class);

  /** NAME, optional /versions/N, optional /suffix, optional :verb. */
  private static final Pattern MODEL_PATH =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/([^/:]+))?(/[^:]*)?(?::(\\w+))?");

  private final ServeSettings settings;
  private final ModelSlot slot;
  private final Batcher batcher;
  private final Pictures pictures;

  Routes(ServeSettings settings, ModelSlot slot, Batcher batcher) {
    this.settings = settings;
    this.slot = slot;
    this.batcher = batcher;
    this.pictures = new Pictures(settings, slot, batcher);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        route(exchange);
      } catch (ApiError e) {
        Exchanges.error(exchange, e);
      } catch (RuntimeException e) {
        log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        Exchanges.error(exchange, new ApiError(500, "internal error: " + e));
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/") && method.equals("GET")) {
      Exchanges.send(exchange, 200, "text/html; charset=utf-8", pictures.page());
      return;
    }
    Matcher m = MODEL_PATH.matcher(path);
    if (!m.matches()) {
      throw path.equals("/v1/models") || path.equals("/v1/models/")
          ? ApiError.badRequest("Missing model name in request.")
          : ApiError.badRequest("Malformed request: " + method + " " + path);
    }
    String suffix = m.group(3) == null ? "" : m.group(3);
    String verb = m.group(4);
    ModelSlot.Loaded loaded = checkModel(m.group(1), m.group(2));
    if (verb != null) {
      if (!method.equals("POST") || !suffix.isEmpty() || !verb.equals("predict")) {
        throw ApiError.badRequest(
            "Malformed request: "
                + method
                + " "
                + path
                + (verb.equals("predict") ? "" : " (this server has :predict only)"));
      }
      predict(exchange, loaded.generator());
      return;
    }
    if (!method.equals("GET")) {
      throw ApiError.badRequest("Malformed request: " + method + " " + path);
    }
    switch (suffix) {
      case "" -> json(exchange, ModelStatusJson.status(loaded.version()));
      case "/metadata" ->
          json(
              exchange,
              ModelStatusJson.metadata(settings.name(), loaded.version(), loaded.generator()));
      case "/samples.png" -> png(exchange, pictures.samples(Exchanges.query(exchange)));
      case "/interpolation.png" -> png(exchange, pictures.interpolation(Exchanges.query(exchange)));
      default -> throw ApiError.badRequest("Malformed request: " + method + " " + path);
    }
  }

  /** The served model, or TF Serving's 404 for another name or version. */
  private ModelSlot.Loaded checkModel(String name, String version) {
    ModelSlot.Loaded loaded = slot.current();
    if (version != null) {
      long asked;
      try {
        asked = Long.parseLong(version);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("Failed to convert version: " + version + " to numeric.");
      }
      if (!name.equals(settings.name()) || asked != loaded.version()) {
        throw ApiError.notFound(
            "Servable not found for request: Specific(" + name + ", " + asked + ")");
      }
    } else if (!name.equals(settings.name())) {
      throw ApiError.notFound("Servable not found for request: Latest(" + name + ")");
    }
    return loaded;
  }

  private void predict(HttpExchange exchange, Generator g) throws IOException {
    byte[] body = Exchanges.body(exchange, settings.maxBodyBytes());
    PredictJson.Input input =
        new PredictJson(g.latentSize(), g.classes(), settings.maxBatch()).parse(body);
    Batcher.Slice images =
        Batcher.await(batcher.submit(input.z(), input.labels(), input.count()), settings.timeout());
    // Streamed (chunked): the length is known only once written, and a big answer is never held.
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      PredictJson.write(
          out,
          input.columnar(),
          images.pixels(),
          images.first(),
          images.count(),
          g.height(),
          g.width(),
          g.channels());
    }
  }

  private static void json(HttpExchange exchange, JsonNode body) throws IOException {
    Exchanges.json(
        exchange, 200, PredictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
  }

  private static void png(HttpExchange exchange, byte[] png) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    Exchanges.send(exchange, 200, "image/png", png);
  }
}
