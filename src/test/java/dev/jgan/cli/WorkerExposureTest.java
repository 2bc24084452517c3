package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 26 row 1: a worker is not an open door by default. */
class WorkerExposureTest {
  @Test
  void aNonLoopbackAddressIsRefusedWithoutTrustedNetwork(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path cluster = dir.resolve("cluster.json");
    // 192.0.2.0/24 is TEST-NET-1: never a local or routed address.
    Files.writeString(
        cluster, "{\"chief\": [\"localhost:1\"], \"worker\": [\"192.0.2.7:" + port + "\"]}");
    QuietCli.Result r = QuietCli.run("worker", "--cluster", cluster.toString(), "--task", "0");
    r.assertOneError(2, "192.0.2.7:" + port);
    assertTrue(r.err().contains("--trusted-network"), r.err());
    // Refused before the server: nothing listens on the port.
    try (ServerSocket again = new ServerSocket(port)) {
      assertEquals(port, again.getLocalPort());
    }
  }

  @Test
  void aLoopbackWorkerSaysWhatItExposes(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path cluster = cluster(dir, "127.0.0.1:" + port);
    Path log = dir.resolve("worker.log");
    Process worker =
        QuietCli.start(log, Map.of(), "worker", "--cluster", cluster.toString(), "--task", "0");
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("serving at") && System.nanoTime() < until) {
        assertTrue(worker.isAlive(), Files.readString(QuietCli.errorLog(log)));
        Thread.sleep(200);
      }
      String err = Files.readString(QuietCli.errorLog(log));
      assertTrue(
          err.lines()
              .anyMatch(
                  l ->
                      l.startsWith("warning: ")
                          && l.contains("port " + port + " of every network interface")
                          && l.contains("read or write")),
          err);
    } finally {
      worker.destroyForcibly();
      worker.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  /** A cluster file whose worker 0 is {@code worker}. */
  private static Path cluster(Path dir, String worker) throws Exception {
    return Files.writeString(
        dir.resolve("cluster.json"),
        "{\"chief\": [\"localhost:1\"], \"worker\": [\"" + worker + "\"]}");
  }
}
