package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.BadInputException;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {
  @Test
  void copyImageScalesToMinusOneToOneInHwcOrder() {
    // Two 1x2 images with 2 channels: HWC order is (x0c0, x0c1, x1c0, x1c1).
    byte[] pixels = {0, (byte) 255, 51, (byte) 204, 1, 2, 3, 4};
    ImageDataset data = new ImageDataset("t", 1, 2, 2, pixels, new byte[] {7, (byte) 200});
    assertEquals(2, data.size());
    assertEquals(4, data.imageSize());
    assertEquals(200, data.label(1));
    assertEquals(204, data.pixel(0, 0, 1, 1));

    float[] dest = new float[7];
    data.copyImage(0, dest, 2);
    assertArrayEquals(new float[] {0, 0, -1f, 1f, -0.6f, 0.6f, 0}, dest, 1e-6f);
    assertEquals(-1f, dest[2]); // exact at the ends, not just close
    assertEquals(1f, dest[3]);

    assertThrows(IndexOutOfBoundsException.class, () -> data.copyImage(0, dest, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> data.copyImage(2, dest, 0));
  }

  @Test
  void fromIdxChecksCounts() {
    IdxImages images = new IdxImages(2, 1, 1, new byte[] {1, 2});
    assertEquals(2, ImageDataset.fromIdx("t", images, new IdxLabels(2, new byte[] {3, 4})).size());
    assertThrows(
        BadInputException.class,
        () -> ImageDataset.fromIdx("t", images, new IdxLabels(3, new byte[] {1, 2, 3})));
  }
}
