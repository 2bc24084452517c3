package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ResamplerTest {
  private static double[] resample(double[] in, int out) {
    double[] dest = new double[out];
    Resampler.of(in.length, out).apply(in, 0, 1, dest, 0, 1, 1);
    return dest;
  }

  @Test
  void shrinkingAveragesTheCoveredArea() {
    // Output 0 covers input [0, 1.5): (0 * 1 + 90 * 0.5) / 1.5; output 1 covers [1.5, 3).
    assertArrayEquals(new double[] {30, 150}, resample(new double[] {0, 90, 180}, 2), 1e-9);
    assertArrayEquals(new double[] {15, 55}, resample(new double[] {10, 20, 50, 60}, 2), 1e-9);
    assertArrayEquals(new double[] {1, 2, 3}, resample(new double[] {1, 2, 3}, 3), 0);
  }

  @Test
  void growingInterpolatesBetweenPixelCentres() {
    assertArrayEquals(new double[] {0, 25, 75, 100}, resample(new double[] {0, 100}, 4), 1e-9);
    assertArrayEquals(new double[] {7, 7, 7}, resample(new double[] {7}, 3), 0);
  }

  @Test
  void stridesResampleInterleavedChannels() {
    double[] in = {0, 100, 90, 200, 180, 300}; // three pixels of two channels
    double[] out = new double[4];
    Resampler.of(3, 2).apply(in, 0, 2, out, 0, 2, 2);
    assertArrayEquals(new double[] {30, 400.0 / 3, 150, 800.0 / 3}, out, 1e-9);
  }
}
