package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KidTest {
  private static Pairwise pairwise;

  @BeforeAll
  static void open() {
    pairwise = new Pairwise();
  }

  @AfterAll
  static void close() {
    pairwise.close();
  }

  @Test
  void theEstimateIsTheUnbiasedMmdWithTheCubicKernel() {
    // Small sets of different sizes, checked against a direct double loop over the definition.
    Features x = FidTest.gaussianSample(new double[] {0, 1, 2}, identity(3), 7, 1);
    Features y = FidTest.gaussianSample(new double[] {1, 1, 0}, identity(3), 9, 2);
    double xx = 0;
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 7; j++) {
        xx += i == j ? 0 : k(x, i, x, j);
      }
    }
    double yy = 0;
    for (int i = 0; i < 9; i++) {
      for (int j = 0; j < 9; j++) {
        yy += i == j ? 0 : k(y, i, y, j);
      }
    }
    double xy = 0;
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 9; j++) {
        xy += k(x, i, y, j);
      }
    }
    double expected = xx / (7 * 6) + yy / (9 * 8) - 2 * xy / (7 * 9);
    assertEquals(expected, Kid.mmd2Unbiased(x, y, pairwise), 1e-5 * Math.abs(expected) + 1e-9);
  }

  @Test
  void samplesOfOneDistributionScoreAboutZeroAndAShiftScoresClearlyAbove() {
    double[] zero = new double[8];
    double[] shifted = new double[8];
    java.util.Arrays.fill(shifted, 0.5);
    Features a = FidTest.gaussianSample(zero, identity(8), 3000, 11);
    Features b = FidTest.gaussianSample(zero, identity(8), 3000, 12);
    Features c = FidTest.gaussianSample(shifted, identity(8), 3000, 13);

    Kid.Result same = Kid.compute(a, b, 10, 1000, 1, pairwise);
    Kid.Result different = Kid.compute(a, c, 10, 1000, 1, pairwise);
    assertEquals(10, same.subsets());
    assertEquals(1000, same.subsetSize());
    // Unbiased: around 0 within its spread (it can be negative); the shift is far above.
    assertTrue(Math.abs(same.mean()) < 0.01, "same distribution: " + same);
    assertTrue(same.std() > 0 && same.std() < 0.02, "spread " + same);
    assertTrue(different.mean() > 0.2, "shifted by 0.5 per dimension: " + different);
    assertTrue(different.mean() > 20 * Math.abs(same.mean()) + 5 * same.std());
  }

  @Test
  void smallSetsUseAllTheirVectors() {
    Features a = FidTest.gaussianSample(new double[] {0, 0}, identity(2), 50, 1);
    Features b = FidTest.gaussianSample(new double[] {0, 0}, identity(2), 40, 2);
    Kid.Result r = Kid.compute(a, b, 3, 1000, 1, pairwise);
    assertEquals(40, r.subsetSize());
  }

  private static double k(Features a, int i, Features b, int j) {
    double dot = 0;
    for (int c = 0; c < a.dim(); c++) {
      dot += (double) a.values()[i * a.dim() + c] * b.values()[j * b.dim() + c];
    }
    return Math.pow(dot / a.dim() + 1, 3);
  }

  static double[][] identity(int d) {
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      m[i][i] = 1;
    }
    return m;
  }
}
