package dev.jgan.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.model.ImageShape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
  @Test
  void tilesImagesWithPaddingAndMapsRangeToBytes(@TempDir Path dir) throws Exception {
    ImageShape shape = new ImageShape(2, 3, 1);
    // image 0 all -1 (black), image 1 all +1 (white), image 2 all 0 (mid grey)
    float[] pixels = new float[3 * 6];
    java.util.Arrays.fill(pixels, 0, 6, -1f);
    java.util.Arrays.fill(pixels, 6, 12, 1f);
    BufferedImage grid = ImageGrid.render(pixels, shape, 3, 2, 1);
    // 2 columns of (3 + 2) + 2 = 12 wide; 2 rows of (2 + 2) + 2 = 10 high
    assertEquals(12, grid.getWidth());
    assertEquals(10, grid.getHeight());
    Path file = dir.resolve("g.png");
    ImageGrid.write(grid, file);
    BufferedImage read = ImageIO.read(file.toFile());
    assertEquals(0, read.getRaster().getSample(2, 2, 0)); // image 0, top-left
    assertEquals(255, read.getRaster().getSample(7, 3, 0)); // image 1
    assertEquals(128, read.getRaster().getSample(2, 6, 0)); // image 2 (0 -> 127.5 -> 128)
    assertEquals(ImageGrid.PADDING_GREY, read.getRaster().getSample(0, 0, 0));
  }

  @Test
  void scaleRepeatsEachPixel() {
    ImageShape shape = new ImageShape(1, 2, 1);
    BufferedImage grid = ImageGrid.render(new float[] {-1f, 1f}, shape, 1, 1, 3);
    assertEquals(2 * 3 + 2 * ImageGrid.PADDING, grid.getWidth());
    for (int dy = 0; dy < 3; dy++) {
      assertEquals(0, grid.getRaster().getSample(2 + 2, 2 + dy, 0));
      assertEquals(255, grid.getRaster().getSample(2 + 3, 2 + dy, 0));
    }
  }
}
