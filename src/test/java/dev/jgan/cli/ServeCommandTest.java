package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.generate.TestGenerators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    Path run = TestGenerators.mnistRun(dir);
    Path log = dir.resolve("serve.log");
    // A long batch wait keeps the one request in flight when the signal comes.
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), GanCli.class.getName()));
    command.addAll(
        List.of("serve", "--model", run.toString(), "--port", "0", "--batch-wait-ms", "2000"));
    Process server =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int port = awaitPort(log, server);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest predict =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/gan:predict"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[0,0,0,0,0,0,0,0]]}"))
              .build();
      CompletableFuture<HttpResponse<String>> answer =
          http.sendAsync(predict, HttpResponse.BodyHandlers.ofString());
      Thread.sleep(500);
      server.destroy(); // SIGTERM
      HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.body().startsWith("{\"predictions\":[[["), response.body());
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
      String output = Files.readString(log);
      assertEquals(0, server.exitValue(), output);
      assertTrue(output.contains("stopped"), output);
    } finally {
      server.destroyForcibly();
    }
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
