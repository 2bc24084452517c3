package dev.jgan.eval;

/**
 * What the classifier's predictions say about a set of images.
 *
 * @param score the classifier score, the Inception score's formula on this classifier: exp(E_x[
 *     KL(p(y|x) || p(y))]), p(y) the mean prediction over the set. 1 (every image gets the same
 *     prediction, or every prediction is uniform) to 10 (confident predictions spread evenly over
 *     the 10 classes); one split over the whole set.
 * @param histogram images per predicted class (the arg-max of p(y|x))
 * @param entropy the entropy of the histogram in nats: ln 10 = 2.303 when the classes are equally
 *     frequent, 0 when one class takes every image (mode collapse)
 */
public record ClassStatistics(double score, long[] histogram, double entropy) {
  /** From logits [count, classes], row-major (softmax taken here, in double). */
  public static ClassStatistics fromLogits(float[] logits, int classes) {
    int count = logits.length / classes;
    double[][] p = new double[count][classes];
    for (int i = 0; i < count; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[i * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        p[i][c] = Math.exp(logits[i * classes + c] - max);
        sum += p[i][c];
      }
      for (int c = 0; c < classes; c++) {
        p[i][c] /= sum;
      }
    }
    return fromProbabilities(p);
  }

  /** From p(y|x), one row per image, each summing to 1. */
  public static ClassStatistics fromProbabilities(double[][] p) {
    int count = p.length;
    int classes = p[0].length;
    double[] marginal = new double[classes];
    long[] histogram = new long[classes];
    for (double[] row : p) {
      int best = 0;
      for (int c = 0; c < classes; c++) {
        marginal[c] += row[c] / count;
        if (row[c] > row[best]) {
          best = c;
        }
      }
      histogram[best]++;
    }
    double meanKl = 0;
    for (double[] row : p) {
      double kl = 0;
      for (int c = 0; c < classes; c++) {
        if (row[c] > 0) {
          kl += row[c] * (Math.log(row[c]) - Math.log(marginal[c]));
        }
      }
      meanKl += kl / count;
    }
    double entropy = 0;
    for (long n : histogram) {
      if (n > 0) {
        double q = (double) n / count;
        entropy -= q * Math.log(q);
      }
    }
    return new ClassStatistics(Math.exp(meanKl), histogram, entropy);
  }
}
