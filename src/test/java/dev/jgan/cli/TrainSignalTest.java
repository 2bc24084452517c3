package dev.jgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 row 14: a signal before a run's first step (data loading, graph building) is honoured at
 * once with exit 130, and the new run folder goes with it, so the same command can run again.
 */
class TrainSignalTest {
  @Test
  void aSignalWhileTheGraphIsBuiltExits130AndLeavesNoRunFolder(@TempDir Path dir) throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 16; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setSample(i, i, 0, 255);
      ImageIO.write(image, "png", images.resolve("img" + i + ".png").toFile());
    }
    // Deep networks: building their graph and Adam takes seconds, the window for the signal.
    String deep = String.join(",", Collections.nCopies(48, "256"));
    Path out = dir.resolve("run");
    Path log = dir.resolve("train.log");
    Process p =
        QuietCli.start(
            log,
            Map.of(),
            "train",
            "--preset",
            "tiny",
            "--dataset",
            "folder",
            "--image-size",
            "28",
            "--channels",
            "1",
            "--data",
            images.toString(),
            "--batch-size",
            "8",
            "--g-hidden",
            deep,
            "--d-hidden",
            deep,
            "--out",
            out.toString());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(out.resolve("config.json")) && System.nanoTime() < until) {
      assertTrue(p.isAlive(), () -> read(QuietCli.errorLog(log)));
      Thread.sleep(10);
    }
    p.destroy(); // SIGTERM
    QuietCli.Result r = QuietCli.finish(p, log, 30);
    assertEquals(130, r.exit(), r.toString());
    assertTrue(r.err().contains("quitting (no step was trained yet)"), r.err());
    assertFalse(Files.exists(out), "left " + out + ": " + r);
    assertFalse(Files.exists(out.resolve("metrics.jsonl")), r.toString());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
