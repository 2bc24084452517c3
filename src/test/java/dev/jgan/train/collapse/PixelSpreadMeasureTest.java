package dev.jgan.train.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PixelSpreadMeasureTest {
  @Test
  void meanPairwiseDistanceOfThreeImages() {
    // (0, 0), (3, 4), (0, 4): distances 5, 4 and 3.
    float[] images = {0, 0, 3, 4, 0, 4};
    assertEquals(4, PixelSpreadMeasure.meanPairwiseDistance(images, 3), 1e-12);
    assertEquals(2, new PixelSpreadMeasure(2).of(images, 3), 1e-12, "over the real spread");
  }

  @Test
  void copiesOfOneImageHaveNoSpread() {
    float[] copies = {1, -1, 1, -1, 1, -1};
    assertEquals(0, new PixelSpreadMeasure(5).of(copies, 3));
  }

  @Test
  void identicalRealImagesGiveNothingToCompareWith() {
    assertThrows(IllegalArgumentException.class, () -> new PixelSpreadMeasure(0));
  }
}
