package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.runtime.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --devices}: bad lists and batches that do not split are bad input, before any folder. */
class DevicesFlagTest {
  private SessionOptions before;

  @BeforeEach
  void remember() {
    before = SessionOptions.processDefault();
  }

  /** The commands set the process's session options: later tests must not build towers. */
  @AfterEach
  void restore() {
    SessionOptions.useForProcess(before);
  }

  @Test
  void badDeviceListsAndUnevenBatchesExitTwoAndCreateNothing(@TempDir Path dir) {
    Path out = dir.resolve("run");
    for (List<String> args :
        List.of(
            List.of("--devices", "cpu:0,cpu:2"),
            List.of("--devices", "cpu:0"),
            List.of("--devices", "cpu:0,gpu:1"),
            List.of("--devices", "cpu:0,cpu:0"),
            List.of("--devices", "two"),
            List.of("--devices", "cpu:0,cpu:1", "--device", "cpu"),
            List.of("--devices", "cpu:0,cpu:1", "--batch-size", "7"),
            List.of("--devices", "cpu:0,cpu:1,cpu:2", "--batch-size", "16"))) {
      List<String> all = new java.util.ArrayList<>(List.of("train", "--preset", "tiny"));
      all.addAll(List.of("--out", out.toString()));
      all.addAll(args);
      TrainCommandTest.Captured c = TrainCommandTest.run(all.toArray(String[]::new));
      assertEquals(2, c.exit(), args + " -> " + c.err());
      assertTrue(c.err().lines().anyMatch(l -> l.startsWith("error: --")), args + " -> " + c.err());
      assertFalse(c.err().contains("\tat "), "no stack trace: " + c.err());
      assertFalse(Files.exists(out), "bad input must not create the run folder: " + args);
    }
  }

  @Test
  void anUnevenBatchNamesTheBatchTheCountAndAFix(@TempDir Path dir) {
    TrainCommandTest.Captured c =
        TrainCommandTest.run(
            "train",
            "--preset",
            "tiny",
            "--batch-size",
            "7",
            "--devices",
            "cpu:0,cpu:1",
            "--out",
            dir.resolve("run").toString());
    assertTrue(
        c.err().contains("--batch-size 7 does not split into 2 equal shards")
            && c.err().contains("multiple of 2 (e.g. 8)"),
        c.err());
  }
}
