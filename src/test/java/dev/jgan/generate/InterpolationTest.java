package dev.jgan.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InterpolationTest {
  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  static float[] unit(float... v) {
    double n = norm(v);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / n);
    }
    return out;
  }

  @Test
  void linearMidpointIsTheAverage() {
    float[] a = {1, -2, 3, 0.5f};
    float[] b = {3, 2, -1, 0.5f};
    assertArrayEquals(new float[] {2, 0, 1, 0.5f}, Interpolation.linear(a, b, 0.5), 1e-6f);
    assertArrayEquals(a, Interpolation.LINEAR.at(a, b, 0), 0f);
    assertArrayEquals(b, Interpolation.LINEAR.at(a, b, 1), 1e-6f);
  }

  @Test
  void slerpEndpointsAreTheGivenPoints() {
    float[] a = {0.3f, -0.7f, 0.2f, 0.9f};
    float[] b = {-0.5f, 0.1f, 0.8f, -0.4f};
    assertArrayEquals(a, Interpolation.slerp(a, b, 0), 0f);
    assertArrayEquals(b, Interpolation.slerp(a, b, 1), 0f);
    // near the ends the path approaches them continuously
    assertArrayEquals(a, Interpolation.slerp(a, b, 1e-9), 1e-6f);
    assertArrayEquals(b, Interpolation.slerp(a, b, 1 - 1e-9), 1e-6f);
  }

  @Test
  void slerpBetweenUnitVectorsStaysOnTheSphereWhileLinearShrinks() {
    float[] a = unit(1, 2, -1, 0.5f, 3, -2, 0, 1);
    float[] b = unit(-2, 1, 1, -0.5f, 1, 2, 1, -1);
    for (double t : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
      assertEquals(1.0, norm(Interpolation.slerp(a, b, t)), 1e-5, "t=" + t);
    }
    assertTrue(norm(Interpolation.linear(a, b, 0.5)) < 0.99, "linear midpoint must shrink");
    // orthogonal unit vectors: the slerp midpoint is (a + b) / sqrt(2)
    float[] x = {1, 0, 0};
    float[] y = {0, 1, 0};
    float h = (float) Math.sqrt(0.5);
    assertArrayEquals(new float[] {h, h, 0}, Interpolation.slerp(x, y, 0.5), 1e-6f);
  }

  @Test
  void slerpOfNearParallelAndOppositeVectorsIsFiniteAndFallsBackToTheLine() {
    float[] a = {1, 0, 0};
    float[] b = {1, 1e-9f, 0};
    float[] mid = Interpolation.slerp(a, b, 0.5);
    for (float v : mid) {
      assertTrue(Float.isFinite(v));
    }
    assertArrayEquals(Interpolation.linear(a, b, 0.5), mid, 1e-6f);
    float[] same = Interpolation.slerp(a, a, 0.3);
    assertArrayEquals(a, same, 1e-6f);
    float[] opposite = Interpolation.slerp(a, new float[] {-1, 0, 0}, 0.25);
    assertArrayEquals(new float[] {0.5f, 0, 0}, opposite, 1e-6f);
    float[] fromZero = Interpolation.slerp(new float[3], a, 0.5);
    assertArrayEquals(new float[] {0.5f, 0, 0}, fromZero, 1e-6f);
  }

  @Test
  void walkHasOneRowPerSegmentFromPointToPoint() {
    float[][] points = {{0, 0}, {1, 0}, {1, 2}};
    float[][] walk = Interpolation.LINEAR.walk(points, 5);
    assertEquals(10, walk.length);
    assertArrayEquals(points[0], walk[0], 0f);
    assertArrayEquals(new float[] {0.5f, 0}, walk[2], 1e-6f);
    assertArrayEquals(points[1], walk[4], 1e-6f);
    assertArrayEquals(points[1], walk[5], 0f);
    assertArrayEquals(points[2], walk[9], 1e-6f);
  }
}
