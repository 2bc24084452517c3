package dev.jgan.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A loopback client of a running server for the tests and the load benchmark. */
final class ServeClient {
  static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, byte[] body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;

  ServeClient(InetSocketAddress address) {
    this.base = "http://127.0.0.1:" + address.getPort();
  }

  Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  CompletableFuture<Answer> getAsync(String path) {
    return http.sendAsync(
            HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Answer(r.statusCode(), r.body()));
  }

  Answer post(String path, String body) throws Exception {
    return postAsync(path, body).get();
  }

  CompletableFuture<Answer> postAsync(String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Answer(r.statusCode(), r.body()));
  }

  private Answer send(HttpRequest request) throws Exception {
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r.body());
  }

  /** {"instances": [[...], ...]} of the vectors. */
  static String instances(float[][] z) throws IOException {
    return JSON.writeValueAsString(java.util.Map.of("instances", z));
  }

  /** The nested [N][H][W][C] list flattened, NHWC. */
  static float[] flatten(JsonNode images) {
    java.util.List<Float> values = new java.util.ArrayList<>();
    flattenInto(images, values);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static void flattenInto(JsonNode node, java.util.List<Float> values) {
    if (node.isArray()) {
      node.forEach(child -> flattenInto(child, values));
    } else {
      values.add(node.floatValue());
    }
  }
}
