package dev.jgan.eval;

import java.util.Arrays;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019) in the classifier's feature space, with
 * density and coverage (Naeem et al. 2020) from the same distances. Each set is approximated by the
 * union of balls around its vectors, each ball's radius being the distance to that vector's k-th
 * nearest neighbour in its own set (itself excluded).
 *
 * <ul>
 *   <li>precision: the fraction of generated vectors inside at least one real ball (k = 3): how
 *       many samples look real;
 *   <li>recall: the fraction of real vectors inside at least one generated ball (k = 3): how much
 *       of the real variety the generator covers;
 *   <li>density: real balls (k = 5) containing a generated vector, counted with multiplicity,
 *       divided by k times the number of generated vectors: about 1 for real-like samples, 0 far
 *       from the data, above 1 where samples crowd into dense regions;
 *   <li>coverage: the fraction of real balls (k = 5) that hold at least one generated vector.
 * </ul>
 *
 * {@link RealSet} runs all four on the features' directions ({@link Features#unitRows()}), i.e. on
 * chord distances, which order pairs like cosine similarity, not on the raw 128-d ReLU features.
 * The features' length says how strongly an image excites the classifier (stroke mass and
 * contrast), their direction which features fire together (what it is an image of). Images that
 * excite few features, uniform noise above all, have short vectors (mean length 2.7 against 22.6
 * for MNIST test digits): in raw space they sit near the origin, nearer to a faint digit than the
 * digits' k-NN radii (median 5.4), so they fell inside real balls. Measured with the bundled MNIST
 * classifier, 10,000 test images, seed 42 (precision / recall / density / coverage):
 *
 * <pre>
 *                               raw features               directions (used)
 * train vs test             0.866 0.872 0.946 0.950     0.852 0.871 0.931 0.943
 * uniform noise             1.000 0.000 1.270 0.002     0.001 0.000 0.000 0.000
 * one test image x N        1.000 0.000 1.600 0.001     1.000 0.000 1.200 0.001
 * mlp GAN, 2 epochs         1.000 0.000 1.581 0.006     0.210 0.000 0.086 0.004
 * </pre>
 *
 * Also measured and not kept: capping the real radii at a percentile of themselves (as later work
 * does against outlier balls) leaves noise at precision 1.000 even at the median cap, while train
 * vs test falls to 0.60: noise was not inside a few outlier balls but inside ordinary ones.
 * Standardising each feature by the test set's mean and deviation leaves noise at 0.997.
 *
 * <p>Fashion-MNIST's classifier sees noise as closer to its images (textured cloth): 5,000 test
 * images, seed 42, noise went from 0.468 / 0.000 / 0.336 / 0.009 to 0.200 / 0.000 / 0.076 / 0.003
 * with train vs test at 0.849 / 0.845 / 0.997 / 0.969. Capping the radii of the directions at their
 * 95th percentile would take noise there to 0.002, but train vs test on MNIST to 0.82: not kept, so
 * on Fashion-MNIST read noise's precision next to its density and coverage.
 *
 * <p>The one-image row keeps precision 1: its image is one of the test images, so it is realistic
 * by definition, and precision measures realism per image. Its collapse shows where it should, in
 * recall and coverage (0.000, 0.001) and in the class entropy (0).
 */
public final class PrecisionRecall {
  /** Kynkäänniemi et al.'s k for precision and recall. */
  public static final int K = 3;

  /** Naeem et al.'s k for density and coverage. */
  public static final int DENSITY_K = 5;

  /** Rows per TensorFlow distance run: 500 x 10,000 floats = 20 MB per block. */
  static final int BLOCK = 500;

  private PrecisionRecall() {}

  public record Result(double precision, double recall, double density, double coverage) {}

  /** The k-NN balls of one set: its vectors and each one's squared radius. */
  public record Manifold(Features points, float[] squaredRadii, int k) {}

  /** Builds {@code x}'s k-NN balls. */
  public static Manifold manifold(Features x, int k, Pairwise pairwise) {
    int n = x.count();
    if (n <= k) {
      throw new IllegalArgumentException(n + " vectors are too few for k = " + k);
    }
    float[] radii = new float[n];
    float[] smallest = new float[k];
    for (int from = 0; from < n; from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      float[] d = pairwise.squaredDistances(x.block(from, to), x.values(), x.dim());
      for (int i = from; i < to; i++) {
        Arrays.fill(smallest, Float.POSITIVE_INFINITY);
        int row = (i - from) * n;
        for (int j = 0; j < n; j++) {
          float v = d[row + j];
          if (j == i || v >= smallest[k - 1]) {
            continue;
          }
          // insert v into the sorted k smallest
          int p = k - 1;
          while (p > 0 && smallest[p - 1] > v) {
            smallest[p] = smallest[p - 1];
            p--;
          }
          smallest[p] = v;
        }
        radii[i] = smallest[k - 1];
      }
    }
    return new Manifold(x, radii, k);
  }

  /**
   * All four numbers of generated vectors against real ones.
   *
   * @param real the real vectors' balls for precision (k = {@link #K})
   * @param realDense the same vectors' balls for density and coverage (k = {@link #DENSITY_K})
   * @param fake the generated vectors' balls for recall (k = {@link #K})
   */
  public static Result compute(
      Manifold real, Manifold realDense, Manifold fake, Pairwise pairwise) {
    Features r = real.points();
    Features f = fake.points();
    if (r.dim() != f.dim()) {
      throw new IllegalArgumentException("dimensions differ: " + r.dim() + " vs " + f.dim());
    }
    if (realDense.points() != r) {
      throw new IllegalArgumentException("real and realDense must be balls of the same vectors");
    }
    int nr = r.count();
    int nf = f.count();
    float[] realRadii = real.squaredRadii();
    float[] denseRadii = realDense.squaredRadii();
    boolean[] realCovered = new boolean[nr]; // inside a generated ball (recall)
    boolean[] ballUsed = new boolean[nr]; // its k = 5 ball holds a generated vector (coverage)
    long insideDense = 0;
    int precise = 0;
    for (int from = 0; from < nf; from += BLOCK) {
      int to = Math.min(nf, from + BLOCK);
      float[] d = pairwise.squaredDistances(f.block(from, to), r.values(), r.dim());
      for (int j = from; j < to; j++) {
        int row = (j - from) * nr;
        float fakeRadius = fake.squaredRadii()[j];
        boolean inReal = false;
        for (int i = 0; i < nr; i++) {
          float v = d[row + i];
          if (v <= realRadii[i]) {
            inReal = true;
          }
          if (v <= fakeRadius) {
            realCovered[i] = true;
          }
          if (v <= denseRadii[i]) {
            insideDense++;
            ballUsed[i] = true;
          }
        }
        if (inReal) {
          precise++;
        }
      }
    }
    return new Result(
        (double) precise / nf,
        fraction(realCovered),
        (double) insideDense / ((double) realDense.k() * nf),
        fraction(ballUsed));
  }

  private static double fraction(boolean[] flags) {
    int n = 0;
    for (boolean b : flags) {
      n += b ? 1 : 0;
    }
    return (double) n / flags.length;
  }
}
