package dev.jgan.train.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jgan.monitor.EventFiles;
import dev.jgan.monitor.TensorBoardWriter;
import dev.jgan.train.loop.EpochEnd;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

class TensorBoardListenerTest {
  /** The epoch's grid reaches the event file from memory: no PNG exists anywhere. */
  @Test
  void writesTheEpochsGridFromTheEventNotFromDisk(@TempDir Path dir) throws Exception {
    BufferedImage grid = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        grid.setRGB(x, y, (x * 36) << 16 | (y * 50) << 8 | (x + y) * 20);
      }
    }
    Path logdir = dir.resolve("tensorboard");
    try (TensorBoardWriter writer = new TensorBoardWriter(logdir)) {
      new TensorBoardListener(writer).onEpochEnd(new EpochEnd(3, 42, grid));
    }
    List<Summary.Value> images = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    for (Event event : EventFiles.read(logdir)) {
      for (Summary.Value value : event.getSummary().getValueList()) {
        if (value.hasImage()) {
          images.add(value);
          steps.add(event.getStep());
        }
      }
    }
    assertEquals(List.of(42L), steps);
    BufferedImage read =
        ImageIO.read(
            new ByteArrayInputStream(
                images.get(0).getImage().getEncodedImageString().toByteArray()));
    assertEquals(7, read.getWidth());
    assertEquals(5, read.getHeight());
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        assertEquals(grid.getRGB(x, y), read.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
    try (var files = Files.walk(dir)) {
      assertFalse(files.anyMatch(f -> f.toString().endsWith(".png")), "no grid on disk");
    }
  }
}
