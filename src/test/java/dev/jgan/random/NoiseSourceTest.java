package dev.jgan.random;

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

  @Test
  void labelsAreUniformAndAFunctionOfSeedStepAndStream() {
    NoiseSource a = new NoiseSource(1, 10, false);
    int[] d = labels(a, 5, NoiseSource.D_STEP, 7, 7000);
    assertArrayEquals(d, labels(a, 5, NoiseSource.D_STEP, 7, 7000));
    assertFalse(Arrays.equals(d, labels(a, 5, NoiseSource.G_STEP, 7, 7000)));
    assertFalse(Arrays.equals(d, labels(a, 6, NoiseSource.D_STEP, 7, 7000)));
    assertFalse(Arrays.equals(d, labels(new NoiseSource(2, 10, false), 5, 0, 7, 7000)));
    int[] counts = new int[7];
    for (int label : d) {
      counts[label]++; // throws outside [0, 7)
    }
    for (int count : counts) {
      assertEquals(1000, count, 100); // 1000 +- 3 standard deviations (30)
    }
    // Drawing labels leaves the noise as it was: a conditional run sees the same z.
    assertArrayEquals(
        new NoiseSource(1, 10, false).sample(5, 0, 4), a.sample(5, NoiseSource.D_STEP, 4));
  }

  private static int[] labels(NoiseSource source, long step, int stream, int classes, int n) {
    int[] out = new int[n];
    source.fillLabels(step, stream, classes, out);
    return out;
  }
}
