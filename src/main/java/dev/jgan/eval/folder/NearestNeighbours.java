package dev.jgan.eval.folder;

import dev.jgan.eval.Pairwise;

/**
 * For each query row, its nearest rows of a reference set by Euclidean distance, computed in chunks
 * of queries so that the distance matrix never exceeds a few megabytes.
 *
 * @param indices [queries, k]: the reference rows, nearest first
 * @param distances [queries, k]: their distances
 */
record NearestNeighbours(int[] indices, float[] distances, int k) {
  /** Queries per distance matrix: 256 x 12,500 floats = 12.8 MB at the largest folder sample. */
  static final int CHUNK = 256;

  /**
   * @param queries rows of {@code dim} values
   * @param reference rows of {@code dim} values
   * @param self when the queries are reference rows, query i's own row {@code self[i]}, skipped
   *     (leave-one-out); null otherwise
   */
  static NearestNeighbours find(
      float[] queries, float[] reference, int dim, int k, int[] self, Pairwise pairwise) {
    int q = queries.length / dim;
    int n = reference.length / dim;
    int kept = Math.min(k, self != null ? n - 1 : n);
    int[] indices = new int[q * kept];
    float[] distances = new float[q * kept];
    for (int from = 0; from < q; from += CHUNK) {
      int rows = Math.min(CHUNK, q - from);
      float[] chunk = new float[rows * dim];
      System.arraycopy(queries, from * dim, chunk, 0, chunk.length);
      float[] squared = pairwise.squaredDistances(chunk, reference, dim);
      for (int r = 0; r < rows; r++) {
        int skip = self != null ? self[from + r] : -1;
        nearest(squared, r * n, n, skip, kept, indices, distances, (from + r) * kept);
      }
    }
    return new NearestNeighbours(indices, distances, kept);
  }

  /** The distance of query {@code i} to its nearest reference row. */
  float nearest(int i) {
    return distances[i * k];
  }

  int count() {
    return distances.length / k;
  }

  /** Insertion into a sorted top-k: k is small (a handful), n is up to the folder sample. */
  private static void nearest(
      float[] squared,
      int offset,
      int n,
      int self,
      int k,
      int[] indices,
      float[] distances,
      int out) {
    float[] best = new float[k];
    int[] bestIndex = new int[k];
    java.util.Arrays.fill(best, Float.POSITIVE_INFINITY);
    for (int j = 0; j < n; j++) {
      if (j == self) {
        continue;
      }
      float d = Math.max(0f, squared[offset + j]);
      if (d >= best[k - 1]) {
        continue;
      }
      int at = k - 1;
      while (at > 0 && best[at - 1] > d) {
        best[at] = best[at - 1];
        bestIndex[at] = bestIndex[at - 1];
        at--;
      }
      best[at] = d;
      bestIndex[at] = j;
    }
    for (int i = 0; i < k; i++) {
      indices[out + i] = bestIndex[i];
      distances[out + i] = (float) Math.sqrt(best[i]);
    }
  }
}
