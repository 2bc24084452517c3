package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.WriteFailedException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.run.RunFolder;
import dev.jgan.train.checkpoint.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the run folder on a 4 MB tmpfs filled up between two sessions. Needs mount
 * rights (root in a container that allows it); skipped with a message elsewhere.
 */
class FullDiskTest {
  @Test
  void aFullDiskFailsCleanlyKeepsTheCheckpointAndResumesOnceSpaceIsFreed(@TempDir Path dir)
      throws Exception {
    Path mount = dir.resolve("small");
    Files.createDirectories(mount);
    Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString()),
        "skipped: cannot mount a tmpfs here (needs root and mount rights)");
    try {
      TrainConfig config =
          new ConfigResolver().preset("tiny").flags(Map.of("batch_size", 8, "epochs", 1)).resolve();
      RunFolder folder = RunFolder.check(mount.resolve("run"));
      TrainRun.Console quiet =
          new TrainRun.Console(new PrintStream(new ByteArrayOutputStream()), false, () -> false);
      TrainRun.startNew(config, TrainRunTest.stripes(40), folder, quiet);

      // Leave ~64 KB: less than a checkpoint of this model (its weights and Adam's slots).
      Path filler = mount.resolve("filler");
      long free = Files.getFileStore(mount).getUsableSpace();
      Files.write(filler, new byte[(int) Math.max(0, free - 64 * 1024)]);
      WriteFailedException full =
          assertThrows(
              WriteFailedException.class,
              () -> TrainRun.resume(folder.root(), 3, null, null, quiet, TrainRunTest.stripes(40)));
      String message = full.getMessage();
      assertEquals(1, message.lines().count(), message);
      assertTrue(message.contains(folder.root().toString()), message);
      assertTrue(message.contains("free there"), message);
      assertEquals(
          5, new Checkpoints(folder.checkpoints(), 3).latest().orElseThrow().step(), message);

      Files.delete(filler);
      TrainRun.Outcome resumed =
          TrainRun.resume(folder.root(), 3, null, null, quiet, TrainRunTest.stripes(40));
      assertEquals(15, resumed.steps());
      assertEquals(15, Files.readAllLines(folder.metrics()).size());
    } finally {
      run("umount", mount.toString());
    }
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
