package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImagePaddingTest {
  @Test
  void padsMnistSizedImagesWithTwoZeroPixelsOnEachSide() {
    byte[] pixels = new byte[2 * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) TestFiles.pixel(i);
    }
    ImageDataset mnist = new ImageDataset("mnist", 28, 28, 1, pixels, new byte[] {3, (byte) 200});
    ImageDataset padded = ImagePadding.padTo(mnist, 32);

    assertEquals("mnist", padded.name());
    assertEquals(2, padded.size());
    assertEquals(32, padded.height());
    assertEquals(32, padded.width());
    assertEquals(3, padded.label(0));
    assertEquals(200, padded.label(1));
    long nonZeroBorder = 0;
    for (int i = 0; i < 2; i++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
          int expected = inside ? mnist.pixel(i, y - 2, x - 2, 0) : 0;
          assertEquals(expected, padded.pixel(i, y, x, 0), i + ": " + y + "," + x);
          nonZeroBorder += inside ? 0 : padded.pixel(i, y, x, 0);
        }
      }
    }
    assertEquals(0, nonZeroBorder);
    assertEquals(TestFiles.pixel(28 * 28), padded.pixel(1, 2, 2, 0)); // image 1 starts after 784
  }

  @Test
  void anOddMarginPutsTheExtraPixelBottomRightAndKeepsChannels() {
    byte[] pixels = {10, 20, 30, 40, 50, 60}; // one 1x2 image with 3 channels
    ImageDataset padded =
        ImagePadding.padTo(new ImageDataset("t", 1, 2, 3, pixels, new byte[] {1}), 3);
    assertEquals(10, padded.pixel(0, 1, 0, 0)); // top margin 1, left margin 0
    assertEquals(60, padded.pixel(0, 1, 1, 2));
    assertEquals(0, padded.pixel(0, 1, 2, 0));
    assertEquals(0, padded.pixel(0, 0, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> ImagePadding.padTo(new ImageDataset("t", 1, 2, 3, pixels, new byte[] {1}), 1));
  }
}
