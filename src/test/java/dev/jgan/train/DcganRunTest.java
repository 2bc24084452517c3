package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.ImagePadding;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** The convolutional models through the whole pipeline, on tiny synthetic data. */
class DcganRunTest {
  private static final Map<String, Object> TINY =
      Map.of("latent_dim", 8, "batch_size", 4, "sample_grid", 2, "keep", 2);

  @Test
  void dcganWithDropoutResumesBitwise(@TempDir Path dir) throws Exception {
    // Dropout masks come from (seed, step): a resumed run must draw the straight run's masks.
    TrainConfig config = tiny(Map.of("model", "dcgan", "epochs", 2));
    TrainRunTest.assertResumeIsBitwise(config, TrainRunTest.stripes(8), dir, 2, 4);
  }

  @Test
  void dcganBnOnPaddedMnistShapeResumesBitwise(@TempDir Path dir) throws Exception {
    // Batch norm's moving statistics live in the checkpoint like any variable.
    TrainConfig config = tiny(Map.of("model", "dcgan-bn", "base_width", 4, "epochs", 2));
    assertEquals(32, config.imageShape().height());
    TrainRunTest.assertResumeIsBitwise(
        config, ImagePadding.padTo(TrainRunTest.stripes(8), 32), dir, 2, 4);
  }

  @Test
  void conditionalDcganBnResumesBitwise(@TempDir Path dir) throws Exception {
    // One-hot planes into D, one-hot into G; fake labels come from (seed, step) like the noise.
    TrainConfig config =
        tiny(Map.of("model", "dcgan-bn", "base_width", 4, "epochs", 2, "conditional", true));
    TrainRunTest.assertResumeIsBitwise(
        config, ImagePadding.padTo(TrainRunTest.stripes(8, 3), 32), dir, 2, 4);
  }

  @Test
  void dcganBnTrainsOnAFolderOfColourImagesAndExportsRgb(@TempDir Path dir) throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Random random = new Random(3);
    for (int i = 0; i < 8; i++) {
      // Non-square colour discs on a coloured background: cropped and resized to 32x32.
      BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillRect(0, 0, 48, 40);
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillOval(8 + i, 4, 24, 24);
      g.dispose();
      ImageIO.write(image, "png", images.resolve("img" + i + ".png").toFile());
    }
    String cache = System.getProperty("jgan.cache");
    System.setProperty("jgan.cache", dir.resolve("cache").toString());
    try {
      TrainConfig config =
          tiny(
              Map.of(
                  "model",
                  "dcgan-bn",
                  "dataset",
                  "folder",
                  "data",
                  images.toString(),
                  "image_size",
                  32,
                  "base_width",
                  4,
                  "epochs",
                  1));
      assertEquals(3, config.imageShape().channels(), "folders default to RGB");
      TrainRun.Outcome outcome =
          TrainRun.execute(
              config,
              dir.resolve("run"),
              new TrainRun.Console(
                  new PrintStream(new ByteArrayOutputStream()), false, () -> false));
      assertEquals(2, outcome.steps());
      try (SavedModelBundle g =
              SavedModelBundle.load(outcome.folder().export().toString(), "serve");
          TFloat32 z = TFloat32.tensorOf(Shape.of(3, 8));
          Result r = g.function("serving_default").call(Map.of("z", z))) {
        TFloat32 out = (TFloat32) r.get("images").orElseThrow();
        assertEquals(Shape.of(3, 32, 32, 3), out.shape());
      }
      BufferedImage grid =
          ImageIO.read(outcome.folder().samples().resolve("epoch-001.png").toFile());
      assertTrue(grid.getColorModel().getNumColorComponents() == 3, "the grid is in colour");
    } finally {
      if (cache == null) {
        System.clearProperty("jgan.cache");
      } else {
        System.setProperty("jgan.cache", cache);
      }
    }
  }

  private static TrainConfig tiny(Map<String, Object> flags) {
    Map<String, Object> all = new java.util.HashMap<>(TINY);
    all.putAll(flags);
    return new ConfigResolver().flags(all).resolve();
  }
}
