package dev.jgan.eval;

/**
 * {@code count} vectors of {@code dim} values, row-major: the classifier's features (or logits) of
 * one image set.
 */
public record Features(int count, int dim, float[] values) {
  public Features {
    if (count < 1 || dim < 1 || values.length != (long) count * dim) {
      throw new IllegalArgumentException(
          values.length + " values are not " + count + " vectors of " + dim);
    }
  }

  /** Rows {@code indices} of this set, in that order. */
  public Features rows(int[] indices) {
    float[] out = new float[indices.length * dim];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * dim, out, i * dim, dim);
    }
    return new Features(indices.length, dim, out);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), as one array. */
  float[] block(int from, int to) {
    float[] out = new float[(to - from) * dim];
    System.arraycopy(values, from * dim, out, 0, out.length);
    return out;
  }

  /**
   * Each row divided by its Euclidean length (a zero row stays zero): where a vector points, not
   * how far. {@link RealSet} runs precision, recall, density and coverage on these (see {@link
   * PrecisionRecall} for why).
   */
  public Features unitRows() {
    float[] out = values.clone();
    for (int i = 0; i < count; i++) {
      double squares = 0;
      for (int j = i * dim; j < (i + 1) * dim; j++) {
        squares += (double) out[j] * out[j];
      }
      if (squares == 0) {
        continue;
      }
      double scale = 1 / Math.sqrt(squares);
      for (int j = i * dim; j < (i + 1) * dim; j++) {
        out[j] = (float) (out[j] * scale);
      }
    }
    return new Features(count, dim, out);
  }
}
