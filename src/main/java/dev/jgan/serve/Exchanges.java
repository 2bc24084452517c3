package dev.jgan.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reading requests and writing answers on the JDK's HTTP server, with the body cap. */
final class Exchanges {
  private Exchanges() {}

  /**
   * The whole body, or a 413 when it is larger than {@code cap}: refused from Content-Length before
   * reading when the client declares it, else when the count passes the cap.
   */
  static byte[] body(HttpExchange exchange, long cap) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("Content-Length " + declared + " is not a number");
      }
      if (length > cap) {
        throw tooLarge(length + " bytes", cap);
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (body.size() + n > cap) {
          throw tooLarge("more than " + cap + " bytes", cap);
        }
        body.write(buffer, 0, n);
      }
    }
    return body.toByteArray();
  }

  private static ApiError tooLarge(String size, long cap) {
    return new ApiError(
        413, "the request body has " + size + "; the cap is " + cap + " bytes (--max-body)");
  }

  /** The query's parameters, decoded; the last of a repeated name wins. */
  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void json(HttpExchange exchange, int status, byte[] body) throws IOException {
    send(exchange, status, "application/json", body);
  }

  static void error(HttpExchange exchange, ApiError error) throws IOException {
    json(exchange, error.status, PredictJson.error(error.getMessage()));
  }
}
