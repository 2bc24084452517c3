package dev.jgan.eval.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The images the feature network reads: box-averaged to 32, or left at their size. */
class FeatureImagesTest {
  @Test
  void sixtyFourIsAveragedInTwoByTwoBlocksToThirtyTwo() {
    ImageShape from = new ImageShape(64, 64, 3);
    SplittableRandom random = new SplittableRandom(1);
    byte[] pixels = new byte[2 * from.pixels()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    // Image 1, channel 2, the block of output pixel (y 3, x 5): 10, 11, 11, 11 -> 10.75 -> 11;
    // channel 0 of the same block: 10, 10, 11, 11 -> 10.5 -> 11 (half rounds up).
    int[][] block = {{6, 10}, {6, 11}, {7, 10}, {7, 11}};
    int[] c2 = {10, 11, 11, 11};
    int[] c0 = {10, 10, 11, 11};
    for (int i = 0; i < 4; i++) {
      int at = from.pixels() + (block[i][0] * 64 + block[i][1]) * 3;
      pixels[at + 2] = (byte) c2[i];
      pixels[at] = (byte) c0[i];
    }
    FeatureImages features = FeatureImages.of(from);
    assertEquals(new ImageShape(32, 32, 3), features.shape());
    byte[] out = features.real(dataset(from, pixels, 2), new int[] {1, 0});
    assertEquals(2 * 32 * 32 * 3, out.length);
    int known = (3 * 32 + 5) * 3;
    assertEquals(11, out[known + 2] & 0xff);
    assertEquals(11, out[known] & 0xff);
    // Every value: the rounded mean of its block (out image 0 is folder image 1).
    for (int image = 0; image < 2; image++) {
      int source = 1 - image;
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                sum +=
                    pixels[source * from.pixels() + ((2 * y + dy) * 64 + 2 * x + dx) * 3 + c]
                        & 0xff;
              }
            }
            int expected = (int) Math.floor(sum / 4 + 0.5);
            int got = out[image * 32 * 32 * 3 + (y * 32 + x) * 3 + c] & 0xff;
            assertEquals(expected, got, "image " + image + " at " + y + "," + x + "," + c);
          }
        }
      }
    }
  }

  @Test
  void thirtyTwoAndTwentyEightStayAsTheyAre() {
    for (ImageShape shape : new ImageShape[] {new ImageShape(32, 32, 3), ImageShape.MNIST}) {
      SplittableRandom random = new SplittableRandom(shape.height());
      byte[] pixels = new byte[3 * shape.pixels()];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) random.nextInt(256);
      }
      FeatureImages features = FeatureImages.of(shape);
      assertEquals(shape, features.shape());
      byte[] out = features.real(dataset(shape, pixels, 3), new int[] {2});
      byte[] third = java.util.Arrays.copyOfRange(pixels, 2 * shape.pixels(), 3 * shape.pixels());
      assertArrayEquals(third, out);
    }
  }

  @Test
  void aSizeThatIsNeitherAMultipleOf32NorOf4IsRefusedByName() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> FeatureImages.of(new ImageShape(30, 30, 3)));
    assertTrue(e.getMessage().contains("not 30"), e.getMessage());
    assertTrue(e.getMessage().contains("--image-size"), e.getMessage());
    BadInputException wide =
        assertThrows(BadInputException.class, () -> FeatureImages.of(new ImageShape(32, 64, 3)));
    assertTrue(wide.getMessage().contains("square"), wide.getMessage());
  }

  @Test
  void generatedFloatsBecomeTheBytesTheTrainingDataCameFrom() {
    ImageShape shape = new ImageShape(16, 16, 1);
    // Every byte value through the training data's mapping p / 127.5 - 1, and the two ends.
    float[] generated = new float[shape.pixels()];
    for (int p = 0; p < 256; p++) {
      generated[p] = p / 127.5f - 1f;
    }
    FeatureImages features = FeatureImages.of(shape);
    byte[] bytes = features.generated(generated, 1);
    for (int p = 0; p < 256; p++) {
      assertEquals(p, bytes[p] & 0xff, "value " + generated[p]);
    }
    float[] ends = new float[shape.pixels()];
    ends[0] = -1f;
    ends[1] = 1f;
    ends[2] = -1.5f; // a generator without tanh may overshoot: clamped
    ends[3] = 1.5f;
    byte[] clamped = features.generated(ends, 1);
    assertEquals(0, clamped[0] & 0xff);
    assertEquals(255, clamped[1] & 0xff);
    assertEquals(0, clamped[2] & 0xff);
    assertEquals(255, clamped[3] & 0xff);
    float[] back = FeatureImages.floats(new byte[] {0, (byte) 255, (byte) 51});
    assertEquals(-1f, back[0]);
    assertEquals(1f, back[1]);
    assertEquals(51 / 127.5f - 1f, back[2], 1e-7f);
  }

  private static ImageDataset dataset(ImageShape shape, byte[] pixels, int count) {
    return new ImageDataset(
        "test", shape.height(), shape.width(), shape.channels(), pixels, new byte[count]);
  }
}
