package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseSourceTest {
  @Test
  void noiseIsAFunctionOfSeedStepAndStream() {
    NoiseSource a = new NoiseSource(1, 10, false);
    assertArrayEquals(a.sample(5, NoiseSource.D_STEP, 4), a.sample(5, NoiseSource.D_STEP, 4));
    assertFalse(
        Arrays.equals(a.sample(5, NoiseSource.D_STEP, 4), a.sample(5, NoiseSource.G_STEP, 4)));
    assertFalse(
        Arrays.equals(a.sample(5, NoiseSource.D_STEP, 4), a.sample(6, NoiseSource.D_STEP, 4)));
    assertFalse(Arrays.equals(a.sample(5, 0, 4), new NoiseSource(2, 10, false).sample(5, 0, 4)));
  }

  @Test
  void uniformNoiseFillsMinusOneToOne() {
    float[] z = new NoiseSource(3, 100, false).sample(0, 0, 100);
    double mean = 0;
    for (float v : z) {
      assertTrue(v >= -1 && v <= 1);
      mean += v / z.length;
    }
    assertEquals(0, mean, 0.02);
  }

  @Test
  void normalNoiseHasUnitVariance() {
    float[] z = new NoiseSource(3, 100, true).sample(0, 0, 200);
    double mean = 0;
    double square = 0;
    for (float v : z) {
      mean += v / z.length;
      square += v * v / z.length;
    }
    assertEquals(0, mean, 0.03);
    assertEquals(1, square - mean * mean, 0.05);
  }
}
