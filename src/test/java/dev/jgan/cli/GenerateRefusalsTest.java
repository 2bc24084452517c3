package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.FileTrees;
import dev.jgan.TestFiles;
import dev.jgan.generate.TestGenerators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 rows 2-4: {@code gan generate} refuses what cannot fit before it writes, stops on a
 * signal with exit 130 and nothing written, and names a SavedModel without its weights.
 */
class GenerateRefusalsTest {
  @TempDir static Path shared;
  static Path run;

  @BeforeAll
  static void trainTinyGenerator() throws Exception {
    run = TestGenerators.mnistRun(shared);
  }

  @Test
  void filesThatWouldNotFitOnTheDiskAreRefusedBeforeWriting(@TempDir Path dir) {
    Path out = dir.resolve("g");
    QuietCli.Result r =
        QuietCli.run(
            "generate",
            "--model",
            run.toString(),
            "--count",
            "2000000000",
            "--format",
            "npy",
            "--out",
            out.toString());
    // 2e9 x 28 x 28 x 4 bytes = 6.27e12 bytes = 5.7 TiB, more than this disk holds.
    r.assertOneError(2, "need about 5.7 TiB in " + out);
    assertTrue(r.err().contains(" free; "), r.err());
    assertFalse(Files.exists(out), "the --out folder was created");
  }

  @Test
  void aGridTooLargeForMemoryIsOneLineNotAnOverflow(@TempDir Path dir) {
    Path out = dir.resolve("g");
    QuietCli.Result r =
        QuietCli.run(
            "generate",
            "--model",
            run.toString(),
            "--count",
            "2000000000",
            "--out",
            out.toString());
    r.assertOneError(2, "--count 2000000000: a grid of 2000000000 28x28x1 images needs");
    assertTrue(r.err().contains("--format png, npy or idx"), r.err());
    assertFalse(Files.exists(out), "the --out folder was created");
  }

  @Test
  void aSavedModelWithoutVariablesIsNamed(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("export");
    TestFiles.copyTree(run.resolve("export"), model);
    FileTrees.deleteRecursively(model.resolve("variables"));
    Path out = dir.resolve("g");
    QuietCli.Result r =
        QuietCli.run("generate", "--model", model.toString(), "--out", out.toString());
    r.assertOneError(2, "the SavedModel has no variables/");
    assertFalse(Files.exists(out));
  }

  @Test
  void aSignalExits130AndRemovesWhatWasWritten(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("g");
    Path log = dir.resolve("generate.log");
    Process p = startLongRun(log, out);
    awaitStaging(p, out, log);
    p.destroy(); // SIGTERM
    QuietCli.Result r = QuietCli.finish(p, log, 60);
    assertEquals(130, r.exit(), r.toString());
    assertTrue(r.err().contains("stopped: nothing was written"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(out), "left: " + list(out));
  }

  @Test
  void aSecondSignalQuitsAtOnceAndStillRemovesTheStagingFolder(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("g");
    Files.createDirectories(out);
    // A killed run's leftover (no such process): swept by the next start.
    Path stale = Files.createDirectories(out.resolve(".generate-2147483646-12345"));
    Files.writeString(stale.resolve("images.npy"), "half");
    Path log = dir.resolve("generate.log");
    Process p = startLongRun(log, out);
    awaitStaging(p, out, log);
    assertFalse(Files.exists(stale), "a dead process's staging folder was kept");
    ProcessHandle.of(p.pid()).orElseThrow().destroy();
    Thread.sleep(30);
    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
    QuietCli.Result r = QuietCli.finish(p, log, 60);
    assertEquals(130, r.exit(), r.toString());
    assertEquals(List.of(), list(out));
  }

  /** A run of a million images, one per batch: it goes on for many seconds. */
  private static Process startLongRun(Path log, Path out) throws Exception {
    return QuietCli.start(
        log,
        Map.of(),
        "generate",
        "--model",
        run.toString(),
        "--count",
        "1000000",
        "--batch-size",
        "1",
        "--format",
        "npy",
        "--out",
        out.toString());
  }

  private static void awaitStaging(Process p, Path out, Path log) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < until) {
      assertTrue(p.isAlive(), () -> "ended early: " + read(QuietCli.errorLog(log)));
      if (list(out).stream().anyMatch(n -> n.matches("\\.generate-" + p.pid() + "-\\d+"))) {
        Thread.sleep(300); // some batches written
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no staging folder in " + out + ": " + list(out));
  }

  private static List<String> list(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
