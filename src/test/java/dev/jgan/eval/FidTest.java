package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FidTest {
  @Test
  void aSetHasDistanceZeroToItself() {
    Features x = gaussianSample(new double[] {1, -2, 0.5, 3}, randomCholesky(4, 7), 2000, 1);
    assertEquals(0, Fid.distance(x, x), 1e-8);
  }

  @Test
  void diagonalGaussiansGiveTheSumOfSquaredStdDifferencesPlusTheMeanTerm() {
    // With commuting (diagonal) covariances tr((C1 C2)^1/2) = sum s1_i s2_i, so
    // d^2 = |mu1 - mu2|^2 + sum (s1_i - s2_i)^2.
    double[] s1 = {1, 2, 0.5};
    double[] s2 = {3, 1, 0.5};
    Fid.Gaussian g1 = new Fid.Gaussian(new double[] {0, 0, 0}, diag(s1));
    Fid.Gaussian g2 = new Fid.Gaussian(new double[] {1, 2, -2}, diag(s2));
    double expected = (1 + 4 + 4) + (4 + 1 + 0);
    assertEquals(expected, Fid.distance(g1, g2), 1e-10);
  }

  @Test
  void nonCommutingCovariancesMatchTheClosedForm() {
    // 2x2: tr(sqrt(A)) = sqrt(tr A + 2 sqrt(det A)) for A = C1 C2, whose eigenvalues are real and
    // positive (A is similar to the SPD C1^1/2 C2 C1^1/2): an independent route to the trace term.
    double[][] c1 = {{2, 0.8}, {0.8, 1}};
    double[][] c2 = {{1, -0.3}, {-0.3, 3}};
    double[][] a = multiply(c1, c2);
    double traceA = a[0][0] + a[1][1];
    double detA = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    double traceSqrt = Math.sqrt(traceA + 2 * Math.sqrt(detA));
    double[] mu1 = {0.5, -1};
    double[] mu2 = {2, 1};
    double expected = (1.5 * 1.5 + 2 * 2) + (2 + 1) + (1 + 3) - 2 * traceSqrt;
    double actual = Fid.distance(new Fid.Gaussian(mu1, c1), new Fid.Gaussian(mu2, c2));
    assertEquals(expected, actual, 1e-10);
    assertEquals(actual, Fid.distance(new Fid.Gaussian(mu2, c2), new Fid.Gaussian(mu1, c1)), 1e-10);
  }

  @Test
  void samplesOfTwoGaussiansEstimateTheirDistance() {
    double[][] l1 = randomCholesky(5, 3);
    double[][] l2 = randomCholesky(5, 4);
    double[] mu1 = {0, 1, 2, 3, 4};
    double[] mu2 = {1, 1, 1, 1, 1};
    double exact =
        Fid.distance(
            new Fid.Gaussian(mu1, multiply(l1, transpose(l1))),
            new Fid.Gaussian(mu2, multiply(l2, transpose(l2))));
    double sampled =
        Fid.distance(gaussianSample(mu1, l1, 100_000, 5), gaussianSample(mu2, l2, 100_000, 6));
    assertTrue(exact > 10, "a clear distance: " + exact);
    assertEquals(exact, sampled, 0.02 * exact);
  }

  @Test
  void fitComputesTheUnbiasedCovariance() {
    Features x = new Features(3, 2, new float[] {1, 2, 3, 6, 5, 10});
    Fid.Gaussian g = Fid.fit(x);
    assertEquals(3, g.mean()[0], 1e-12);
    assertEquals(6, g.mean()[1], 1e-12);
    // numpy.cov([[1,3,5],[2,6,10]]) = [[4, 8], [8, 16]]
    assertEquals(4, g.covariance()[0][0], 1e-12);
    assertEquals(8, g.covariance()[0][1], 1e-12);
    assertEquals(8, g.covariance()[1][0], 1e-12);
    assertEquals(16, g.covariance()[1][1], 1e-12);
  }

  /** Rows mu + L z, z ~ N(0, I). */
  static Features gaussianSample(double[] mu, double[][] l, int count, long seed) {
    int d = mu.length;
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[count * d];
    double[] z = new double[d];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < d; j++) {
        z[j] = gaussian(random);
      }
      for (int j = 0; j < d; j++) {
        double v = mu[j];
        for (int k = 0; k <= j; k++) {
          v += l[j][k] * z[k];
        }
        values[i * d + j] = (float) v;
      }
    }
    return new Features(count, d, values);
  }

  static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A lower-triangular matrix with a positive diagonal. */
  private static double[][] randomCholesky(int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < i; k++) {
        l[i][k] = random.nextDouble() - 0.5;
      }
      l[i][i] = 0.5 + random.nextDouble();
    }
    return l;
  }

  private static double[][] diag(double[] stds) {
    double[][] m = new double[stds.length][stds.length];
    for (int i = 0; i < stds.length; i++) {
      m[i][i] = stds[i] * stds[i];
    }
    return m;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int k = 0; k < b.length; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  private static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }
}
