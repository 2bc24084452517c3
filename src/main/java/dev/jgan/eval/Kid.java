package dev.jgan.eval;

import java.util.SplittableRandom;

/**
 * Kernel Inception Distance (Binkowski et al. 2018) in the classifier's feature space: the unbiased
 * estimate of the squared maximum mean discrepancy with the cubic polynomial kernel k(x, y) = (x.y
 * / d + 1)^3, averaged over random subsets. Unlike FID it has no bias that depends on the number of
 * samples: two samples of one distribution score about 0 (and can go slightly below).
 */
public final class Kid {
  /**
   * 10 subsets of 1,000 vectors (Binkowski et al. use 100 of 1,000 on 50,000 images; 10 keep the
   * cost low at 10,000). Smaller sets use subsets of half their size (see {@link RealSet}).
   */
  public static final int SUBSETS = 10;

  public static final int SUBSET_SIZE = 1000;

  private Kid() {}

  /** Mean and (population) standard deviation of the per-subset estimates. */
  public record Result(double mean, double std, int subsets, int subsetSize) {}

  /**
   * @param subsetSize at most the size of either set; smaller sets use all their vectors
   */
  public static Result compute(
      Features x, Features y, int subsets, int subsetSize, long seed, Pairwise pairwise) {
    if (x.dim() != y.dim()) {
      throw new IllegalArgumentException("dimensions differ: " + x.dim() + " vs " + y.dim());
    }
    int m = Math.min(subsetSize, Math.min(x.count(), y.count()));
    if (m < 2) {
      throw new IllegalArgumentException("KID needs at least 2 vectors per set");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] estimates = new double[subsets];
    for (int s = 0; s < subsets; s++) {
      Features xs = x.rows(Sampling.withoutReplacement(x.count(), m, random));
      Features ys = y.rows(Sampling.withoutReplacement(y.count(), m, random));
      estimates[s] = mmd2Unbiased(xs, ys, pairwise);
    }
    double mean = 0;
    for (double e : estimates) {
      mean += e;
    }
    mean /= subsets;
    double variance = 0;
    for (double e : estimates) {
      variance += (e - mean) * (e - mean);
    }
    return new Result(mean, Math.sqrt(variance / subsets), subsets, m);
  }

  /**
   * The unbiased MMD^2 between two sets:
   *
   * <pre>
   * 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(n(n-1)) sum_{i != j} k(y_i, y_j)
   *   - 2/(mn) sum_{i, j} k(x_i, y_j)
   * </pre>
   */
  public static double mmd2Unbiased(Features x, Features y, Pairwise pairwise) {
    int d = x.dim();
    int m = x.count();
    int n = y.count();
    double xx = offDiagonalSum(kernel(pairwise.gram(x.values(), x.values(), d), d), m);
    double yy = offDiagonalSum(kernel(pairwise.gram(y.values(), y.values(), d), d), n);
    double xy = sum(kernel(pairwise.gram(x.values(), y.values(), d), d));
    return xx / ((double) m * (m - 1)) + yy / ((double) n * (n - 1)) - 2 * xy / ((double) m * n);
  }

  /** k(x, y) = (x.y / d + 1)^3, in double, applied to a Gram matrix. */
  static double[] kernel(float[] gram, int dim) {
    double[] k = new double[gram.length];
    for (int i = 0; i < gram.length; i++) {
      double base = gram[i] / (double) dim + 1;
      k[i] = base * base * base;
    }
    return k;
  }

  private static double offDiagonalSum(double[] square, int n) {
    double total = sum(square);
    for (int i = 0; i < n; i++) {
      total -= square[i * n + i];
    }
    return total;
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }
}
