package dev.jgan.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fréchet distance between two sets of feature vectors, each summarised by a Gaussian (mean and
 * covariance): FID (Heusel et al. 2017) when the features are Inception's, here the classifier's.
 *
 * <pre>
 * d^2 = |mu1 - mu2|^2 + tr(C1) + tr(C2) - 2 tr( (C1^1/2 C2 C1^1/2)^1/2 )
 * </pre>
 *
 * The usual form has tr((C1 C2)^1/2); C1 C2 is not symmetric, but it is similar to the symmetric
 * positive semi-definite C1^1/2 C2 C1^1/2 (same eigenvalues), so both square roots come from
 * symmetric eigen-decompositions (commons-math3), with eigenvalues that rounding pushed below zero
 * clamped to 0. Sums are in double.
 */
public final class Fid {
  private Fid() {}

  /** Mean and covariance (unbiased, divided by n - 1, like numpy.cov) of a set of vectors. */
  public record Gaussian(double[] mean, double[][] covariance) {
    public int dim() {
      return mean.length;
    }
  }

  /** Fits the Gaussian of {@code x}'s rows. */
  public static Gaussian fit(Features x) {
    int n = x.count();
    int d = x.dim();
    float[] v = x.values();
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += v[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        centred[j] = v[i * d + j] - mean[j];
      }
      for (int j = 0; j < d; j++) {
        double cj = centred[j];
        if (cj == 0) {
          continue; // ReLU features are often exactly at the mean of 0
        }
        double[] row = cov[j];
        for (int k = j; k < d; k++) {
          row[k] += cj * centred[k];
        }
      }
    }
    double denominator = Math.max(1, n - 1);
    for (int j = 0; j < d; j++) {
      for (int k = j; k < d; k++) {
        cov[j][k] /= denominator;
        cov[k][j] = cov[j][k];
      }
    }
    return new Gaussian(mean, cov);
  }

  /** FID between two sets of vectors of the same width. */
  public static double distance(Features a, Features b) {
    return distance(fit(a), fit(b));
  }

  /** The Fréchet distance between N(mu1, C1) and N(mu2, C2). */
  public static double distance(Gaussian g1, Gaussian g2) {
    if (g1.dim() != g2.dim()) {
      throw new IllegalArgumentException("dimensions differ: " + g1.dim() + " vs " + g2.dim());
    }
    double meanTerm = 0;
    for (int j = 0; j < g1.dim(); j++) {
      double diff = g1.mean()[j] - g2.mean()[j];
      meanTerm += diff * diff;
    }
    RealMatrix c1 = new Array2DRowRealMatrix(g1.covariance(), false);
    RealMatrix c2 = new Array2DRowRealMatrix(g2.covariance(), false);
    RealMatrix root1 = sqrtPsd(c1);
    RealMatrix product = root1.multiply(c2).multiply(root1);
    double traceRoot = traceOfSqrtPsd(symmetrize(product));
    return meanTerm + c1.getTrace() + c2.getTrace() - 2 * traceRoot;
  }

  /** The PSD square root V diag(sqrt(max(l, 0))) V^T of a symmetric matrix. */
  static RealMatrix sqrtPsd(RealMatrix symmetric) {
    EigenDecomposition eigen = new EigenDecomposition(symmetrize(symmetric));
    RealMatrix v = eigen.getV();
    double[] values = eigen.getRealEigenvalues();
    int d = values.length;
    double[][] scaled = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        scaled[i][k] = v.getEntry(i, k) * Math.sqrt(Math.max(0, values[k]));
      }
    }
    return new Array2DRowRealMatrix(scaled, false).multiply(v.transpose());
  }

  /** tr(sqrt(M)) = sum of sqrt(max(l, 0)) over the eigenvalues l of symmetric M. */
  static double traceOfSqrtPsd(RealMatrix symmetric) {
    double sum = 0;
    for (double l : new EigenDecomposition(symmetric).getRealEigenvalues()) {
      sum += Math.sqrt(Math.max(0, l));
    }
    return sum;
  }

  /**
   * (M + M^T) / 2: removes the asymmetry that rounding leaves in products of symmetric matrices.
   */
  private static RealMatrix symmetrize(RealMatrix m) {
    return m.add(m.transpose()).scalarMultiply(0.5);
  }
}
