package dev.jgan.eval.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jgan.data.ImageDataset;
import dev.jgan.model.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The feature network's task: each image turned 0, 90, 180, 270 degrees clockwise. */
class RotationTaskTest {
  private static final ImageShape SHAPE = new ImageShape(5, 5, 3);

  @Test
  void fourQuarterTurnsAreTheIdentityAndOneIsNot() {
    byte[] image = random(SHAPE, 1);
    byte[] turned = image;
    for (int i = 0; i < 4; i++) {
      turned = RotationTask.quarterTurn(turned, SHAPE);
      if (i < 3) {
        assertFalse(Arrays.equals(image, turned), (i + 1) + " turns");
      }
    }
    assertArrayEquals(image, turned);
  }

  @Test
  void aQuarterTurnIsClockwise() {
    // Corners marked by channel values: top-left 1, top-right 2, bottom-right 3, bottom-left 4.
    byte[] image = new byte[SHAPE.pixels()];
    set(image, 0, 0, 1);
    set(image, 0, 4, 2);
    set(image, 4, 4, 3);
    set(image, 4, 0, 4);
    image[(2 * 5 + 1) * 3 + 1] = 9; // left of the centre, green: goes above the centre
    byte[] turned = RotationTask.quarterTurn(image, SHAPE);
    assertEquals(1, at(turned, 0, 4), "top-left goes to top-right");
    assertEquals(2, at(turned, 4, 4), "top-right goes to bottom-right");
    assertEquals(3, at(turned, 4, 0), "bottom-right goes to bottom-left");
    assertEquals(4, at(turned, 0, 0), "bottom-left goes to top-left");
    assertEquals(9, turned[(1 * 5 + 2) * 3 + 1], "left of the centre goes above it");
    assertEquals(0, turned[(1 * 5 + 2) * 3], "channels stay in place");
  }

  @Test
  void mirrorSwapsLeftAndRightAndTwiceIsTheIdentity() {
    byte[] image = random(SHAPE, 2);
    byte[] mirrored = RotationTask.mirror(image, SHAPE);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(image[(y * 5 + x) * 3 + c], mirrored[(y * 5 + 4 - x) * 3 + c]);
        }
      }
    }
    assertArrayEquals(image, RotationTask.mirror(mirrored, SHAPE));
  }

  @Test
  void everyImageComesInFourTurnsLabelledByTheTurn() {
    int count = 3;
    byte[] images = new byte[count * SHAPE.pixels()];
    for (int i = 0; i < count; i++) {
      System.arraycopy(random(SHAPE, 10 + i), 0, images, i * SHAPE.pixels(), SHAPE.pixels());
    }
    ImageDataset plain = RotationTask.of("plain", images, SHAPE, false);
    assertEquals(count * 4, plain.size());
    ImageDataset mirrored = RotationTask.of("mirrored", images, SHAPE, true);
    assertEquals(count * 8, mirrored.size());
    for (int i = 0; i < count; i++) {
      byte[] upright = Arrays.copyOfRange(images, i * SHAPE.pixels(), (i + 1) * SHAPE.pixels());
      byte[] mirror = RotationTask.mirror(upright, SHAPE);
      for (int turn = 0; turn < 4; turn++) {
        assertEquals(turn, plain.label(i * 4 + turn));
        assertArrayEquals(turned(upright, turn), image(plain, i * 4 + turn));
        assertEquals(turn, mirrored.label(i * 8 + turn));
        assertArrayEquals(turned(upright, turn), image(mirrored, i * 8 + turn));
        assertEquals(turn, mirrored.label(i * 8 + 4 + turn));
        assertArrayEquals(turned(mirror, turn), image(mirrored, i * 8 + 4 + turn));
      }
    }
  }

  /** Turned by hand: out(y, x) = in(size - 1 - x, y), {@code turns} times. */
  private static byte[] turned(byte[] image, int turns) {
    byte[] out = image;
    for (int t = 0; t < turns; t++) {
      byte[] next = new byte[out.length];
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 5; x++) {
          for (int c = 0; c < 3; c++) {
            next[(y * 5 + x) * 3 + c] = out[((4 - x) * 5 + y) * 3 + c];
          }
        }
      }
      out = next;
    }
    return out;
  }

  private static byte[] image(ImageDataset set, int index) {
    byte[] out = new byte[SHAPE.pixels()];
    set.copyBytes(index, out, 0);
    return out;
  }

  private static void set(byte[] image, int y, int x, int value) {
    for (int c = 0; c < 3; c++) {
      image[(y * 5 + x) * 3 + c] = (byte) value;
    }
  }

  private static int at(byte[] image, int y, int x) {
    return image[(y * 5 + x) * 3];
  }

  private static byte[] random(ImageShape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] image = new byte[shape.pixels()];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) random.nextInt(256);
    }
    return image;
  }
}
