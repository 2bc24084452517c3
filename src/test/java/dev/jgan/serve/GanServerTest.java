package dev.jgan.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.TestFiles;
import dev.jgan.api.Generator;
import dev.jgan.generate.TestGenerators;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanServerTest {
  static final String PREDICT = "/v1/models/gan:predict";

  static ServeSettings settings(Path model) {
    return ServeSettings.defaults(model).withPort(0);
  }

  @Test
  void statusAndMetadataAreTensorFlowServings(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.conditionalRun(dir, 3);
    try (GanServer server = GanServer.start(settings(run))) {
      assertTrue(server.address().getAddress().isLoopbackAddress(), "listens on loopback only");
      ServeClient client = new ServeClient(server.address());
      String version = Long.toString(server.version());
      JsonNode status = client.get("/v1/models/gan").json();
      JsonNode entry = status.get("model_version_status").get(0);
      assertEquals(version, entry.get("version").asText());
      assertEquals("AVAILABLE", entry.get("state").asText());
      assertEquals("OK", entry.get("status").get("error_code").asText());
      assertEquals("", entry.get("status").get("error_message").asText());
      assertEquals(status, client.get("/v1/models/gan/versions/" + version).json());

      ServeClient.Answer other = client.get("/v1/models/gan/versions/" + (server.version() + 1));
      assertEquals(404, other.status());
      assertTrue(other.json().get("error").asText().startsWith("Servable not found"));
      assertEquals(404, client.get("/v1/models/nope").status());
      assertEquals(400, client.get("/v1/models").status());

      JsonNode meta = client.get("/v1/models/gan/metadata").json();
      assertEquals("gan", meta.get("model_spec").get("name").asText());
      assertEquals(version, meta.get("model_spec").get("version").asText());
      JsonNode signature =
          meta.get("metadata").get("signature_def").get("signature_def").get("serving_default");
      assertEquals("tensorflow/serving/predict", signature.get("method_name").asText());
      assertEquals(dims(signature.get("inputs").get("z")), List.of(-1L, 8L));
      assertEquals("DT_INT32", signature.get("inputs").get("labels").get("dtype").asText());
      assertEquals(dims(signature.get("outputs").get("images")), List.of(-1L, 28L, 28L, 1L));
    }
  }

  @Test
  void predictAnswersRowsAndColumnsWithTheGeneratorsImages(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    try (Generator g = Generator.open(run);
        GanServer server = GanServer.start(settings(run))) {
      ServeClient client = new ServeClient(server.address());
      float[][] z = g.latents(5, 0, 3);
      float[] expected = g.generate(z).pixels();

      ServeClient.Answer rows = client.post(PREDICT, ServeClient.instances(z));
      assertEquals(200, rows.status(), rows.text());
      JsonNode predictions = rows.json().get("predictions");
      assertEquals(3, predictions.size());
      assertEquals(28, predictions.get(0).size());
      assertEquals(1, predictions.get(0).get(0).get(0).size()); // [H][W][C] with C = 1
      assertArrayEquals(expected, ServeClient.flatten(predictions));

      String columnar = ServeClient.JSON.writeValueAsString(Map.of("inputs", Map.of("z", z)));
      ServeClient.Answer columns =
          client.post("/v1/models/gan/versions/" + server.version() + ":predict", columnar);
      assertEquals(200, columns.status(), columns.text());
      assertArrayEquals(expected, ServeClient.flatten(columns.json().get("outputs")));
    }
  }

  @Test
  void aConditionalModelTakesLabelsBesideEachLatent(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.conditionalRun(dir, 3);
    try (Generator g = Generator.open(run);
        GanServer server = GanServer.start(settings(run))) {
      ServeClient client = new ServeClient(server.address());
      float[][] z = g.latents(9, 0, 2);
      float[] expected = g.generate(z, new int[] {2, 0}).pixels();
      String body =
          ServeClient.JSON.writeValueAsString(
              Map.of(
                  "instances",
                  List.of(Map.of("z", z[0], "labels", 2), Map.of("z", z[1], "labels", 0))));
      ServeClient.Answer rows = client.post(PREDICT, body);
      assertEquals(200, rows.status(), rows.text());
      assertArrayEquals(expected, ServeClient.flatten(rows.json().get("predictions")));

      String columnar =
          ServeClient.JSON.writeValueAsString(
              Map.of("inputs", Map.of("z", z, "labels", List.of(2, 0))));
      assertArrayEquals(
          expected, ServeClient.flatten(client.post(PREDICT, columnar).json().get("outputs")));

      ServeClient.Answer noLabels = client.post(PREDICT, ServeClient.instances(z));
      assertEquals(400, noLabels.status());
      assertTrue(noLabels.json().get("error").asText().contains("conditional"), noLabels.text());
      String badLabel =
          ServeClient.JSON.writeValueAsString(
              Map.of("instances", List.of(Map.of("z", z[0], "labels", 3))));
      assertError(client.post(PREDICT, badLabel), 400, "classes 0 to 2");
    }
  }

  @Test
  void badBodiesGetOneClearError(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    ServeSettings s = settings(run);
    s =
        new ServeSettings(
            s.model(),
            s.host(),
            0,
            "gan",
            4,
            s.batchWait(),
            8,
            s.timeout(),
            4096,
            9,
            false,
            s.watchEvery());
    try (GanServer server = GanServer.start(s)) {
      ServeClient client = new ServeClient(server.address());
      String eight = "[0,0,0,0,0,0,0,0]";
      assertError(client.post(PREDICT, "instances = [1, 2]"), 400, "JSON Parse error");
      assertError(client.post(PREDICT, ""), 400, "");
      assertError(client.post(PREDICT, "{\"instances\": [[1,2,3]]}"), 400, "list of 8 numbers");
      assertError(client.post(PREDICT, "{\"instances\": [[0,0,0,NaN,0,0,0,0]]}"), 400, "finite");
      assertError(
          client.post(PREDICT, "{\"instances\": [[0,0,0,\"a\",0,0,0,0]]}"), 400, "not a number");
      assertError(
          client.post(PREDICT, "{\"instances\": [" + eight + "], \"inputs\": [" + eight + "]}"),
          400,
          "both");
      assertError(client.post(PREDICT, "{\"instances\": []}"), 400, "non-empty");
      assertError(
          client.post(PREDICT, "{\"signature_name\": \"x\", \"instances\": [" + eight + "]}"),
          400,
          "not found in signature def");
      String five =
          "{\"instances\": [" + String.join(",", java.util.Collections.nCopies(5, eight)) + "]}";
      assertError(client.post(PREDICT, five), 400, "the cap is 4 (--max-batch)");
      String big = "{\"instances\": [" + " ".repeat(5000) + eight + "]}";
      assertError(client.post(PREDICT, big), 413, "the cap is 4096 bytes (--max-body)");
      assertError(client.get("/v1/models/gan/samples.png?count=10"), 400, "the cap, --max-count");
      assertError(client.get("/v1/models/gan/samples.png?count=2&label=1"), 400, "unconditional");
      assertError(client.get("/v1/models/gan:predict"), 400, "Malformed request");
      // The server still answers well after all that.
      assertEquals(200, client.post(PREDICT, "{\"instances\": [" + eight + "]}").status());
    }
  }

  @Test
  void concurrentRequestsShareOneSessionRun(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    try (Generator g = Generator.open(run);
        GanServer server = GanServer.start(settings(run))) {
      ServeClient client = new ServeClient(server.address());
      Batcher batcher = server.batcher();
      batcher.hold();
      List<CompletableFuture<ServeClient.Answer>> answers = new ArrayList<>();
      List<float[][]> asked = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        float[][] z = g.latents(100 + i, 0, 2);
        asked.add(z);
        answers.add(client.postAsync(PREDICT, ServeClient.instances(z)));
      }
      waitFor(() -> batcher.queued() == 3); // the fourth is taken and waits at the gate
      long before = batcher.batches();
      batcher.release();
      for (int i = 0; i < 4; i++) {
        ServeClient.Answer a = answers.get(i).get();
        assertEquals(200, a.status(), a.text());
        // Each caller gets its own images back out of the merged batch (to float rounding: a
        // batch of 8 may sum in another order than a batch of 2).
        assertArrayEquals(
            g.generate(asked.get(i)).pixels(),
            ServeClient.flatten(a.json().get("predictions")),
            1e-5f);
      }
      assertEquals(1, batcher.batches() - before, "four requests, one Session.run");
      assertEquals(8, batcher.images());
    }
  }

  /** Batches of one, a queue of two and an 800 ms timeout. */
  static ServeSettings smallQueue(Path run) {
    ServeSettings d = settings(run);
    return new ServeSettings(
        d.model(),
        d.host(),
        0,
        "gan",
        1,
        Duration.ZERO,
        2,
        Duration.ofMillis(800),
        d.maxBodyBytes(),
        16,
        false,
        d.watchEvery());
  }

  @Test
  void aFullQueueAnswers503AtOnceAndASlowAnswer504(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    try (GanServer server = GanServer.start(smallQueue(run))) {
      ServeClient client = new ServeClient(server.address());
      String one = "{\"instances\": [[0,0,0,0,0,0,0,0]]}";
      Batcher batcher = server.batcher();
      batcher.hold();
      List<CompletableFuture<ServeClient.Answer>> waiting = new ArrayList<>();
      waiting.add(client.postAsync(PREDICT, one));
      waitFor(() -> batcher.queued() == 0 && waiting.size() == 1); // taken by the batcher
      Thread.sleep(100);
      waiting.add(client.postAsync(PREDICT, one));
      waiting.add(client.postAsync(PREDICT, one));
      waitFor(() -> batcher.queued() == 2);
      long start = System.nanoTime();
      ServeClient.Answer refused = client.post(PREDICT, one);
      double ms = (System.nanoTime() - start) / 1e6;
      assertError(refused, 503, "busy");
      assertTrue(ms < 500, "503 came after " + ms + " ms; it should not wait");
      for (CompletableFuture<ServeClient.Answer> w : waiting) {
        assertError(w.get(), 504, "Deadline exceeded");
      }
      batcher.release();
      assertEquals(200, client.post(PREDICT, one).status());
    }
  }

  @Test
  void picturesWaitInTheSameBoundedQueue(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    try (GanServer server = GanServer.start(smallQueue(run))) {
      ServeClient client = new ServeClient(server.address());
      String one = "{\"instances\": [[0,0,0,0,0,0,0,0]]}";
      String samples = "/v1/models/gan/samples.png?seed=3&count=4";
      Batcher batcher = server.batcher();
      batcher.hold();
      List<CompletableFuture<ServeClient.Answer>> waiting = new ArrayList<>();
      waiting.add(client.postAsync(PREDICT, one));
      waitFor(() -> batcher.queued() == 0); // taken by the batcher, held at the gate
      Thread.sleep(100);
      waiting.add(client.getAsync(samples));
      waiting.add(client.getAsync("/v1/models/gan/interpolation.png?from=1&to=2&steps=3"));
      waitFor(() -> batcher.queued() == 2); // the pictures fill the queue of two
      for (String full : List.of(samples, "/v1/models/gan/interpolation.png?from=1&to=2")) {
        long start = System.nanoTime();
        ServeClient.Answer refused = client.get(full);
        double ms = (System.nanoTime() - start) / 1e6;
        assertError(refused, 503, "busy");
        assertTrue(ms < 500, full + ": 503 came after " + ms + " ms; it should not wait");
      }
      assertError(client.post(PREDICT, one), 503, "busy");
      for (CompletableFuture<ServeClient.Answer> w : waiting) {
        assertError(w.get(), 504, "Deadline exceeded");
      }
      batcher.release();
      ServeClient.Answer png = client.get(samples);
      assertEquals(200, png.status(), png.text());
      try (Generator g = Generator.open(run)) {
        assertImagesEqual(
            g.generate(3, 4).grid(), ImageIO.read(new ByteArrayInputStream(png.body())));
      }
    }
  }

  @Test
  void samplesAndInterpolationArePngGrids(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.conditionalRun(dir, 3);
    try (Generator g = Generator.open(run);
        GanServer server = GanServer.start(settings(run))) {
      ServeClient client = new ServeClient(server.address());
      ServeClient.Answer samples = client.get("/v1/models/gan/samples.png?seed=4&count=6&label=1");
      assertEquals(200, samples.status(), samples.text());
      assertImagesEqual(
          g.generate(4, 6, 1).grid(), ImageIO.read(new ByteArrayInputStream(samples.body())));
      ServeClient.Answer strip = client.get("/v1/models/gan/interpolation.png?from=1&to=2&steps=5");
      assertEquals(200, strip.status());
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(strip.body()));
      BufferedImage oneRow = g.generate(g.latents(1, 0, 5), new int[5]).grid(5);
      assertEquals(oneRow.getWidth(), image.getWidth());
      assertEquals(oneRow.getHeight(), image.getHeight());
      String page = client.get("/").text();
      assertTrue(
          page.contains("/v1/models/gan")
              && page.contains("New seed")
              && page.contains("class-picker"),
          page);
    }
  }

  @Test
  void watchSwitchesToANewExportWithoutFailingARequest(@TempDir Path dir) throws Exception {
    Path run = TestGenerators.mnistRun(dir.resolve("a"));
    Path other =
        TestGenerators.run(
            dir.resolve("b"),
            new dev.jgan.model.MlpGan(8, dev.jgan.model.ImageShape.MNIST, List.of(24), List.of(16)),
            "uniform");
    ServeSettings d = settings(run);
    ServeSettings s =
        new ServeSettings(
            d.model(),
            d.host(),
            0,
            "gan",
            d.maxBatch(),
            d.batchWait(),
            d.queue(),
            d.timeout(),
            d.maxBodyBytes(),
            d.maxCount(),
            true,
            Duration.ofMillis(100));
    try (Generator newer = Generator.open(other);
        GanServer server = GanServer.start(s)) {
      ServeClient client = new ServeClient(server.address());
      float[][] z = newer.latents(1, 0, 2);
      String body = ServeClient.instances(z);
      long oldVersion = server.version();
      List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean going =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread load =
          new Thread(
              () -> {
                while (going.get()) {
                  try {
                    statuses.add(client.post(PREDICT, body).status());
                  } catch (Exception e) {
                    statuses.add(-1);
                  }
                }
              });
      load.start();
      dev.jgan.FileTrees.writeFolder(
          run.resolve("export"), staging -> TestFiles.copyTree(other.resolve("export"), staging));
      waitFor(() -> server.version() != oldVersion);
      Thread.sleep(200);
      going.set(false);
      load.join();
      assertTrue(server.version() > oldVersion);
      assertFalse(statuses.isEmpty());
      assertTrue(statuses.stream().allMatch(c -> c == 200), statuses.toString());
      assertArrayEquals(
          newer.generate(z).pixels(),
          ServeClient.flatten(client.post(PREDICT, body).json().get("predictions")));
    }
  }

  static void assertError(ServeClient.Answer answer, int status, String part) throws Exception {
    assertEquals(status, answer.status(), answer.text());
    JsonNode json = answer.json();
    assertEquals(1, json.size(), answer.text());
    assertTrue(json.get("error").asText().contains(part), answer.text());
  }

  static void assertImagesEqual(BufferedImage a, BufferedImage b) {
    assertEquals(a.getWidth(), b.getWidth());
    assertEquals(a.getHeight(), b.getHeight());
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  static List<Long> dims(JsonNode tensor) {
    List<Long> dims = new ArrayList<>();
    tensor
        .get("tensor_shape")
        .get("dim")
        .forEach(d -> dims.add(Long.parseLong(d.get("size").asText())));
    return dims;
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(10);
    }
  }
}
