package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.ImageDataset;
import dev.jgan.run.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 rows 11-15 and the torn metrics line: a damaged newest checkpoint is one line naming it,
 * leftovers of a killed export are swept, a signal during the final export ends with the stop's
 * exit code, and layer lists too large to build are refused before the run folder exists.
 */
class RunRefusalsTest {
  private static final ImageDataset IMAGES = TrainRunTest.stripes(40);

  private static TrainConfig tiny(Map<String, Object> extra) {
    Map<String, Object> flags = new java.util.HashMap<>(Map.of("max_steps", 5L, "batch_size", 8));
    flags.putAll(extra);
    return new ConfigResolver().preset("tiny").flags(flags).resolve();
  }

  private static TrainRun.Console quiet(java.util.function.BooleanSupplier stop) {
    return new TrainRun.Console(new PrintStream(OutputStream.nullOutputStream()), false, stop);
  }

  private static RunFolder trained(Path dir) throws Exception {
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    TrainRun.startNew(tiny(Map.of()), IMAGES, folder, quiet(() -> false));
    return folder;
  }

  private static Path state(RunFolder folder) {
    return folder.checkpoints().resolve("ckpt-00000005/state.json");
  }

  private static BadInputException resumeFails(RunFolder folder) {
    return assertThrows(
        BadInputException.class,
        () -> TrainRun.resume(folder.root(), null, 10L, null, quiet(() -> false), IMAGES));
  }

  @Test
  void garbageInTheNewestStateIsOneLineNamingTheCheckpoint(@TempDir Path dir) throws Exception {
    RunFolder folder = trained(dir);
    Files.writeString(state(folder), "{\"step\": 5,\n  garbage\n");
    BadInputException e = resumeFails(folder);
    assertTrue(e.getMessage().contains(state(folder) + " is not valid JSON"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "two lines: " + e.getMessage());
  }

  @Test
  void aStepThatDisagreesWithTheFolderIsRefusedNotSkipped(@TempDir Path dir) throws Exception {
    RunFolder folder = trained(dir);
    Files.writeString(state(folder), "{\"step\": -5}");
    BadInputException e = resumeFails(folder);
    assertTrue(e.getMessage().contains("says step -5 but its folder is step 5"), e.getMessage());
    assertTrue(Files.exists(state(folder)), "the checkpoint was touched");
  }

  @Test
  void aResumeSweepsWhatAKilledExportLeftAndSaysSoAboutATornMetricsLine(@TempDir Path dir)
      throws Exception {
    RunFolder folder = trained(dir);
    // A half-written export of a killed run (old and new staging names) and a checkpoint's.
    Path legacy = Files.createDirectories(folder.root().resolve(".export-81237/variables"));
    Path named = Files.createDirectories(folder.root().resolve(".export-2147483646-991"));
    Path ckpt = Files.createDirectories(folder.checkpoints().resolve(".ckpt-00000010-7-8"));
    Files.writeString(legacy.resolve("variables.data-00000-of-00001"), "half");
    Files.writeString(
        folder.metrics(),
        Files.readString(folder.metrics()) + "{\"step\": 6, \"d_lo",
        StandardCharsets.UTF_8);
    String err =
        capturingStderr(
            () -> TrainRun.resume(folder.root(), 2, 7L, null, quiet(() -> false), IMAGES));
    assertFalse(Files.exists(legacy.getParent()), "kept " + legacy.getParent());
    assertFalse(Files.exists(named), "kept " + named);
    assertFalse(Files.exists(ckpt), "kept " + ckpt);
    assertTrue(err.contains("line 6: dropped, not a whole JSON line"), err);
    assertEquals(7, Files.readAllLines(folder.metrics()).size());
  }

  @Test
  void aSignalDuringTheFinalExportLetsItFinishThenReportsTheStop(@TempDir Path dir)
      throws Exception {
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    // The stop is asked for once the export is there: after the loop, as a signal during it.
    TrainRun.Outcome outcome =
        TrainRun.startNew(
            tiny(Map.of()), IMAGES, folder, quiet(() -> Files.exists(folder.export())));
    assertTrue(outcome.stopped());
    assertEquals(5, outcome.steps());
    assertTrue(Files.exists(folder.export().resolve("saved_model.pb")));
  }

  @Test
  void layerListsTooLargeToBuildAreRefusedBeforeTheFolder(@TempDir Path dir) {
    List<Integer> deep = new ArrayList<>(Collections.nCopies(LayerLimits.MAX_LAYERS + 1, 16));
    for (Map<String, Object> flags :
        List.of(
            Map.<String, Object>of("g_hidden", deep),
            Map.<String, Object>of("d_hidden", List.of(LayerLimits.MAX_WIDTH + 1)),
            Map.<String, Object>of("g_hidden", List.of(40_000, 40_000)))) {
      RunFolder folder = RunFolder.check(dir.resolve("run"));
      BadInputException e =
          assertThrows(
              BadInputException.class,
              () -> TrainRun.startNew(tiny(flags), IMAGES, folder, quiet(() -> false)));
      String key = flags.keySet().iterator().next();
      assertTrue(e.getMessage().startsWith("bad " + key), e.getMessage());
      assertFalse(Files.exists(folder.root()), flags + " made " + folder.root());
    }
  }

  private static String capturingStderr(ThrowingRunnable body) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(old);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
