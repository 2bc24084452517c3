package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 26 row 1: a worker is not an open door by default. */
class WorkerExposureTest {
  @Test
  void aNonLoopbackAddressIsRefusedWithoutTrustedNetwork(@TempDir Path dir) throws Exception {
    int port = freePort();
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
  void aChiefWithANonLoopbackAddressIsRefusedWithoutTrustedNetwork(@TempDir Path dir)
      throws Exception {
    int chiefPort = freePort();
    // A worker that answers, so that the chief's first check (every worker is up) passes.
    try (ServerSocket worker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path cluster = dir.resolve("cluster.json");
      Files.writeString(
          cluster,
          "{\"chief\": [\"192.0.2.7:"
              + chiefPort
              + "\"], \"worker\": [\"127.0.0.1:"
              + worker.getLocalPort()
              + "\"]}");
      Path run = dir.resolve("run");
      QuietCli.Result r =
          QuietCli.run(
              "train",
              "--preset",
              "tiny",
              "--cluster",
              cluster.toString(),
              "--out",
              run.toString());
      r.assertOneError(2, "192.0.2.7:" + chiefPort);
      assertTrue(r.err().contains("--trusted-network"), r.err());
      assertFalse(Files.exists(run), "the refusal left a run folder");
    }
  }

  @Test
  void aLoopbackWorkerIsClosedToOtherHostsAndSaysWhatItExposes(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path log = dir.resolve("worker.log");
    Process worker = startWorker(log, cluster(dir, "127.0.0.1:" + port), "true");
    try {
      String err = awaitServing(worker, log);
      assertTrue(
          err.lines()
              .anyMatch(
                  l ->
                      l.startsWith("warning: ")
                          && l.contains("port " + port + " of every interface")
                          && l.contains("read or write")
                          && l.contains("other hosts are refused")),
          err);
      // TensorFlow's server answers on loopback; every other address of the host closes at once.
      assertFalse(closedAtOnce(InetAddress.getLoopbackAddress(), port), "loopback is closed");
      for (InetAddress other : otherAddresses()) {
        assertTrue(closedAtOnce(other, port), other + ":" + port + " reaches TensorFlow");
      }
    } finally {
      worker.destroyForcibly();
      worker.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutReusePortTheWarningSaysThePortIsOpenEverywhere(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path log = dir.resolve("worker.log");
    Process worker = startWorker(log, cluster(dir, "127.0.0.1:" + port), null);
    try {
      String err = awaitServing(worker, log);
      assertTrue(
          err.lines()
              .anyMatch(
                  l ->
                      l.startsWith("warning: ")
                          && l.contains("port " + port + " of every network interface")
                          && l.contains("TF_GRPC_REUSE_PORT=true")),
          err);
    } finally {
      worker.destroyForcibly();
      worker.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static Process startWorker(Path log, Path cluster, String reusePort) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TF_GRPC_REUSE_PORT", reusePort);
    return QuietCli.start(log, env, "worker", "--cluster", cluster.toString(), "--task", "0");
  }

  /** Waits for "serving at" and returns stderr. */
  private static String awaitServing(Process worker, Path log) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains("serving at") && System.nanoTime() < until) {
      assertTrue(worker.isAlive(), Files.readString(QuietCli.errorLog(log)));
      Thread.sleep(200);
    }
    assertTrue(Files.readString(log).contains("serving at"), Files.readString(log));
    return Files.readString(QuietCli.errorLog(log));
  }

  /** Whether a connection to address:port is closed by the other side within a second. */
  private static boolean closedAtOnce(InetAddress address, int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      socket.setSoTimeout(1000);
      InputStream in = socket.getInputStream();
      try {
        while (true) {
          if (in.read() < 0) {
            return true;
          }
        }
      } catch (SocketTimeoutException e) {
        return false; // still open: an HTTP/2 server waiting for the client
      }
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }

  private static List<InetAddress> otherAddresses() throws Exception {
    List<InetAddress> all = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          all.add(a);
        }
      }
    }
    return all;
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
