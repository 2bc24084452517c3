package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.generate.TestGenerators;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @Test
  void helpListsTheFlags() {
    TrainCommandTest.Captured c = TrainCommandTest.run("serve", "--help");
    assertEquals(0, c.exit());
    for (String flag : List.of("--model", "--port", "--host", "--name", "--watch", "--queue")) {
      assertTrue(c.out().contains(flag), "help lacks " + flag);
    }
  }

  @Test
  void badValuesExitTwoNamingThem(@TempDir Path dir) {
    TrainCommandTest.Captured c =
        TrainCommandTest.run("serve", "--model", dir.resolve("none").toString(), "--port", "0");
    assertEquals(2, c.exit(), c.err());
    assertTrue(c.err().startsWith("error: --model"), c.err());
    c = TrainCommandTest.run("serve", "--model", dir.toString(), "--name", "a/b");
    assertEquals(2, c.exit(), c.err());
    assertTrue(c.err().contains("--name a/b"), c.err());
  }

  @Test
  void sigtermFinishesTheRequestInFlightAndExitsZero(@TempDir Path dir) throws Exception {
    withSlowServer(
        dir,
        (server, port) -> {
          HttpClient http = HttpClient.newHttpClient();
          HttpRequest predict =
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PREDICT))
                  .POST(HttpRequest.BodyPublishers.ofString(ONE_LATENT))
                  .build();
          CompletableFuture<HttpResponse<String>> answer =
              http.sendAsync(predict, HttpResponse.BodyHandlers.ofString());
          Thread.sleep(500);
          server.destroy(); // SIGTERM
          HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
          assertEquals(200, response.statusCode(), response.body());
          assertTrue(response.body().startsWith("{\"predictions\":[[["), response.body());
        });
  }

  @Test
  void sigtermAfterAClientHungUpMidRequestStillExitsAtOnce(@TempDir Path dir) throws Exception {
    withSlowServer(
        dir,
        (server, port) -> {
          // A client that gives up before its answer (a load tool at the end of its run, a
          // timeout): the JDK server then never counts that exchange as finished, and its
          // stop(30) used to sleep the whole 30 s.
          try (Socket client = new Socket("127.0.0.1", port)) {
            byte[] body = ONE_LATENT.getBytes(StandardCharsets.US_ASCII);
            String head =
                "POST "
                    + PREDICT
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n";
            OutputStream out = client.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Thread.sleep(500);
          }
          Thread.sleep(3000); // the 2 s batch wait ends and the answer meets a closed socket
          server.destroy(); // SIGTERM
        });
  }

  /** What a SIGTERM test does with its server, which it must have sent SIGTERM to by the end. */
  @FunctionalInterface
  private interface WithServer {
    void run(Process server, int port) throws Exception;
  }

  /**
   * Runs {@code test} against {@code gan serve} in a JVM of its own, with a 2 s batch wait that
   * keeps a request in flight; then the server must exit 0 soon (not after its 30 s grace).
   */
  private static void withSlowServer(Path dir, WithServer test) throws Exception {
    Path log = dir.resolve("serve.log");
    Process server = startSlowServer(dir, log);
    try {
      test.run(server, awaitPort(log, server));
      assertExitsSoonWithZero(server, log);
    } finally {
      server.destroyForcibly();
    }
  }

  private static final String PREDICT = "/v1/models/gan:predict";
  private static final String ONE_LATENT = "{\"instances\": [[0,0,0,0,0,0,0,0]]}";

  /**
   * {@code gan serve} in a JVM of its own, with a 2 s batch wait that keeps a request in flight.
   */
  private static Process startSlowServer(Path dir, Path log) throws Exception {
    Path run = TestGenerators.mnistRun(dir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), GanCli.class.getName()));
    command.addAll(
        List.of("serve", "--model", run.toString(), "--port", "0", "--batch-wait-ms", "2000"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Exits 0 once the last answer is out, not after its 30 s grace. */
  private static void assertExitsSoonWithZero(Process server, Path log) throws Exception {
    assertTrue(server.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGTERM");
    String output = Files.readString(log);
    assertEquals(0, server.exitValue(), output);
    assertTrue(output.contains("stopped"), output);
  }

  private static int awaitPort(Path log, Process server) throws Exception {
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String output = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = listening.matcher(output);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertTrue(server.isAlive(), "serve exited: " + output);
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start: " + Files.readString(log));
  }
}
