package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgan.runtime.SessionOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on this machine: two {@code gan worker} JVMs on free localhost ports and a forked
 * {@code gan train --cluster} chief, against the same towers in one process on two virtual CPUs
 * (docs/DISTRIBUTED.md). The workers are forked once for the class and killed at its end (the
 * dead-worker test, last, kills one and starts it again); the bad inputs of a cluster are checked
 * in this JVM, before any server would start here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainingTest {
  /** The longest a forked JVM may take: a hung cluster fails the test instead of the build. */
  private static final long PROCESS_TIMEOUT_SECONDS = 120;

  /** Loss tolerance, relative: the same ops on other devices (measured equal bit for bit). */
  private static final double LOSS_TOLERANCE = 1e-6;

  @TempDir static Path dir;
  private static final List<Process> workers = new ArrayList<>();
  private static Path clusterFile;
  private static Path images;
  private static int[] ports;

  @BeforeAll
  static void startTwoWorkers() throws Exception {
    ports = freePorts(3);
    clusterFile = dir.resolve("cluster.json");
    Files.writeString(
        clusterFile,
        String.format(
            "{\"chief\": [\"localhost:%d\"], \"worker\": [\"localhost:%d\", \"localhost:%d\"]}",
            ports[0], ports[1], ports[2]));
    images = stripes(dir.resolve("images"), 32);
    for (int task = 0; task < 2; task++) {
      workers.add(
          fork(
              dir.resolve("worker" + task + ".log"),
              "worker",
              "--cluster",
              clusterFile.toString(),
              "--task",
              String.valueOf(task)));
    }
    for (int task = 0; task < 2; task++) {
      awaitPort(ports[task + 1], workers.get(task));
    }
  }

  @AfterAll
  static void killWorkers() {
    // TensorFlow's gRPC server cannot stop: the worker processes are killed.
    workers.forEach(Process::destroyForcibly);
  }

  @Test
  void aChiefWithTwoWorkersTrainsTheSameLossesAsTwoTowersInOneProcess() throws Exception {
    Path clusterRun = dir.resolve("cluster-run");
    List<String> run = trainArgs(clusterRun);
    run.addAll(List.of("--cluster", clusterFile.toString()));
    Process chief = fork(dir.resolve("chief.log"), run.toArray(String[]::new));
    assertTrue(chief.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the chief hung");
    assertEquals(0, chief.exitValue(), Files.readString(dir.resolve("chief.log")));
    assertTrue(Files.exists(clusterRun.resolve("export/saved_model.pb")), "the chief exports");

    Path localRun = dir.resolve("local-run");
    List<String> local = trainArgs(localRun);
    local.addAll(List.of("--devices", "cpu:0,cpu:1"));
    SessionOptions before = SessionOptions.processDefault();
    String cache = System.getProperty("jgan.cache");
    System.setProperty("jgan.cache", dir.resolve("cache").toString());
    try {
      TrainCommandTest.Captured c = TrainCommandTest.run(local.toArray(String[]::new));
      assertEquals(0, c.exit(), c.err());
    } finally {
      SessionOptions.useForProcess(before);
      restore("jgan.cache", cache);
    }
    List<JsonNode> a = metrics(clusterRun);
    List<JsonNode> b = metrics(localRun);
    assertEquals(4, a.size());
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      for (String key : List.of("d_loss", "g_loss", "d_real", "d_fake")) {
        double x = a.get(i).get(key).asDouble();
        double y = b.get(i).get(key).asDouble();
        assertEquals(x, y, LOSS_TOLERANCE * Math.max(1, Math.abs(x)), key + " at step " + (i + 1));
      }
    }
  }

  @Test
  void anUnreachableWorkerABadTaskABadFileAndATakenPortExitTwoWithOneLine() throws Exception {
    Path out = dir.resolve("never");
    int silent = freePorts(1)[0];
    Path threeWorkers = dir.resolve("three.json");
    Files.writeString(
        threeWorkers,
        String.format(
            "{\"chief\": [\"localhost:%d\"], \"worker\": [\"localhost:%d\", \"localhost:%d\","
                + " \"localhost:%d\"]}",
            ports[0], ports[1], ports[2], silent));
    Path malformed = dir.resolve("malformed.json");
    Files.writeString(malformed, "{\"worker\": [\"localhost\"]");
    Path ps = dir.resolve("ps.json");
    Files.writeString(
        ps,
        "{\"chief\": [\"localhost:1\"], \"ps\": [\"localhost:2\"], \"worker\": [\"localhost:3\"]}");

    assertBadInput(
        "worker task 2 at localhost:" + silent + " cannot be reached",
        "train",
        "--preset",
        "tiny",
        "--cluster",
        threeWorkers.toString(),
        "--out",
        out.toString());
    assertFalse(Files.exists(out), "no run folder for a cluster that is not up");
    assertBadInput(
        "is not in the cluster", "worker", "--cluster", clusterFile.toString(), "--task", "2");
    assertBadInput("not valid JSON", "worker", "--cluster", malformed.toString(), "--task", "0");
    assertBadInput("job 'ps' is not used", "worker", "--cluster", ps.toString(), "--task", "0");
    assertBadInput(
        "port " + ports[1] + " of worker task 0",
        "worker",
        "--cluster",
        clusterFile.toString(),
        "--task",
        "0");
    assertBadInput("needs --task", "worker", "--cluster", clusterFile.toString());
  }

  /**
   * A worker killed mid-run: the chief ends within the step deadline with one error line and its
   * last checkpoint intact; with the worker started again, --resume continues from it. Last,
   * because it restarts worker 1.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void aDeadWorkerStopsTheChiefWithItsCheckpointAndResumeContinues() throws Exception {
    Path out = dir.resolve("dies");
    List<String> run =
        stripeRun(
            out,
            "--epochs",
            "1000",
            "--max-steps",
            "0",
            "--checkpoint-every-steps",
            "3",
            "--cluster-timeout",
            "30",
            "--cluster",
            clusterFile.toString());
    Path log = dir.resolve("dies.log");
    Process chief = fork(log, run.toArray(String[]::new));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROCESS_TIMEOUT_SECONDS);
      while (latestCheckpoint(out) < 6) {
        assertTrue(chief.isAlive(), "the chief ended early: " + Files.readString(log));
        assertTrue(System.nanoTime() < deadline, "no checkpoint in time: " + Files.readString(log));
        Thread.sleep(200);
      }
      workers.get(1).destroyForcibly().waitFor();
      // The step deadline is 30 s; the chief must be gone well within twice that.
      assertTrue(chief.waitFor(60, TimeUnit.SECONDS), "the chief hangs on a dead worker");
    } finally {
      chief.destroyForcibly();
    }
    String err = Files.readString(log);
    assertEquals(1, chief.exitValue(), err);
    assertTrue(err.lines().anyMatch(l -> l.startsWith("error: a cluster step failed")), err);
    assertTrue(err.contains("--resume " + out), err);
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
    long kept = latestCheckpoint(out);
    assertTrue(kept >= 6, "the checkpoints stay: " + kept);

    workers.set(
        1,
        fork(
            dir.resolve("worker1-again.log"),
            "worker",
            "--cluster",
            clusterFile.toString(),
            "--task",
            "1"));
    awaitPort(ports[2], workers.get(1));
    Process resumed =
        fork(
            dir.resolve("resumed.log"),
            "train",
            "--resume",
            out.toString(),
            "--cluster",
            clusterFile.toString(),
            "--max-steps",
            String.valueOf(kept + 2));
    assertTrue(resumed.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the resume hung");
    assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("resumed.log")));
    List<JsonNode> lines = metrics(out);
    assertEquals(kept + 2, lines.get(lines.size() - 1).get("step").asLong());
  }

  /** The step of the newest checkpoint in run folder {@code run}, 0 when there is none. */
  private static long latestCheckpoint(Path run) throws IOException {
    Path checkpoints = run.resolve("checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (var names = Files.list(checkpoints)) {
      return names
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("ckpt-[0-9]+"))
          .mapToLong(n -> Long.parseLong(n.substring(5)))
          .max()
          .orElse(0);
    }
  }

  private static void assertBadInput(String expected, String... args) {
    TrainCommandTest.Captured c = TrainCommandTest.run(args);
    assertEquals(2, c.exit(), String.join(" ", args) + " -> " + c.err());
    assertTrue(
        c.err().lines().anyMatch(l -> l.startsWith("error: ") && l.contains(expected)), c.err());
    assertFalse(c.err().contains("\tat "), "no stack trace: " + c.err());
  }

  /** A tiny run of 4 steps on the stripes, the same for the chief and the local towers. */
  private static List<String> trainArgs(Path out) {
    return stripeRun(out, "--max-steps", "4", "--seed", "5");
  }

  /** A tiny run on the stripes into {@code out}, with {@code more} flags: every run here. */
  private static List<String> stripeRun(Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--preset",
                "tiny",
                "--dataset",
                "folder",
                "--data",
                images.toString(),
                "--channels",
                "1",
                "--batch-size",
                "8",
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private static List<JsonNode> metrics(Path run) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      lines.add(json.readTree(line));
    }
    return lines;
  }

  /** {@code gan ARGS} in a new JVM on this test's class path, output to {@code log}. */
  static Process fork(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Djgan.cache=" + dir.resolve("cache"));
    command.add(GanCli.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits until {@code port} accepts connections (the worker's server is up). */
  private static void awaitPort(int port, Process worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROCESS_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      assertTrue(
          worker.isAlive(), "a worker exited with " + (worker.isAlive() ? "" : worker.exitValue()));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError(
        "no worker on port " + port + " after " + PROCESS_TIMEOUT_SECONDS + " s");
  }

  static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Vertical stripes at varying columns, 28x28 grey PNGs. */
  private static Path stripes(Path folder, int count) throws IOException {
    Files.createDirectories(folder);
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 28; y++) {
        image.getRaster().setSample(4 + i % 20, y, 0, 255);
      }
      ImageIO.write(image, "png", folder.resolve(String.format("img%03d.png", i)).toFile());
    }
    return folder;
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }
}
