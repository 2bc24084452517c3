package dev.jgan.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.FileTrees;
import dev.jgan.WriteFailedException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.model.ImageShape;
import dev.jgan.train.GanSession;
import dev.jgan.train.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint that cannot be written (a full disk, simulated) costs no older checkpoint. */
class CheckpointWriteFailureTest {
  @Test
  void aFailedSaveIsOneClearErrorAndLeavesTheNewestCheckpointValid(@TempDir Path dir)
      throws Exception {
    TrainConfig config = new ConfigResolver().preset("tiny").resolve();
    Path folder = dir.resolve("checkpoints");
    // The real writer, whose content fails after TensorFlow wrote its files, as ENOSPC would.
    Checkpoints.FolderWriter full =
        (target, content) ->
            FileTrees.writeFolder(
                target,
                staging -> {
                  content.writeTo(staging);
                  throw new IOException(
                      staging.resolve("state.json") + ": No space left on device");
                });
    try (GanSession session =
        new GanSession(
            Models.create(config, new ImageShape(28, 28, 1)),
            Models.graphSettings(config),
            config.batchSize())) {
      Checkpoints.Checkpoint first = new Checkpoints(folder, 1).save(session, 5, 5, 1);

      WriteFailedException e =
          assertThrows(
              WriteFailedException.class,
              () -> new Checkpoints(folder, 1, full).save(session, 10, 5, 1));
      String message = e.getMessage();
      assertTrue(message.contains(folder.resolve("ckpt-00000010").toString()), message);
      assertTrue(message.contains("No space left on device"), message);
      assertTrue(message.contains("needs about"), message);
      assertTrue(message.contains("free there"), message);
      assertEquals(1, message.lines().count(), message);

      Checkpoints checkpoints = new Checkpoints(folder, 1);
      assertEquals(List.of(first), checkpoints.list(), "keep 1 did not prune the good one");
      try (Stream<Path> left = Files.list(folder)) {
        assertEquals(List.of(first.dir()), left.toList(), "no staging folder left behind");
      }
      session.restore(first.prefix()); // still a complete checkpoint

      // space freed: the next save works and prunes as usual
      Checkpoints.Checkpoint next = checkpoints.save(session, 10, 5, 1);
      assertEquals(List.of(next), checkpoints.list());
    }
  }
}
