package dev.jgan.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

class TensorBoardWriterTest {
  @Test
  void flushingAddsNoOpsAndPushesEventsToTheFile(@TempDir Path dir) throws Exception {
    try (TensorBoardWriter writer = new TensorBoardWriter(dir.resolve("tb"))) {
      writer.scalars(1, Map.of("d_loss", 0.5f));
      int size = writer.graphSize();
      for (int i = 0; i < 3; i++) {
        writer.flush();
      }
      assertEquals(size, writer.graphSize(), "flush() builds no op per call");
      // Flushed before close: the scalar is in the file already.
      assertTrue(
          EventFiles.read(dir.resolve("tb")).stream()
              .anyMatch(
                  e ->
                      e.getSummary().getValueList().stream()
                          .anyMatch(v -> v.getTag().equals("d_loss"))));
    }
  }

  @Test
  void scalarsAndImagesReadBackFromTheEventFile(@TempDir Path dir) throws Exception {
    BufferedImage grid = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
    grid.setRGB(1, 2, 0x3366cc);
    try (TensorBoardWriter writer = new TensorBoardWriter(dir.resolve("tb"))) {
      for (long step = 1; step <= 3; step++) {
        Map<String, Float> values = new LinkedHashMap<>();
        values.put("d_loss", 1.5f / step);
        values.put("g_loss", 0.25f * step);
        writer.scalars(step, values);
      }
      writer.image("samples", 3, grid);
    }

    List<Event> events = EventFiles.read(dir.resolve("tb"));
    Map<Long, Float> dLoss = new LinkedHashMap<>();
    Summary.Image image = null;
    for (Event event : events) {
      for (Summary.Value value : event.getSummary().getValueList()) {
        if (value.getTag().equals("d_loss")) {
          dLoss.put(event.getStep(), scalar(value));
        }
        // TF's image summary names one image "<tag>/image" (several: "<tag>/image/K").
        if (value.getTag().equals("samples/image")) {
          image = value.getImage();
          assertEquals(3, event.getStep());
        }
        if (value.getTag().equals("g_loss") && event.getStep() == 2) {
          assertEquals(0.5f, scalar(value), 1e-7f);
        }
      }
    }
    assertEquals(Map.of(1L, 1.5f, 2L, 0.75f, 3L, 0.5f), dLoss);
    assertTrue(image != null, "the image summary is in the file");
    assertEquals(6, image.getWidth());
    assertEquals(4, image.getHeight());
    BufferedImage decoded =
        ImageIO.read(new ByteArrayInputStream(image.getEncodedImageString().toByteArray()));
    assertEquals(0x3366cc, decoded.getRGB(1, 2) & 0xffffff, "PNG pixels survive the trip");
  }

  /** TF 2 summary ops store a scalar as simple_value, or as a tensor when the plugin says so. */
  static float scalar(Summary.Value value) {
    if (value.hasTensor()) {
      return value.getTensor().getFloatVal(0);
    }
    return value.getSimpleValue();
  }
}
