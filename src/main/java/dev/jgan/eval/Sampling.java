package dev.jgan.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded random subsets. */
final class Sampling {
  private Sampling() {}

  /**
   * {@code k} distinct indices of 0..n-1, in increasing order (a partial Fisher-Yates shuffle); all
   * of them, in order, when k == n.
   */
  static int[] withoutReplacement(int n, int k, SplittableRandom random) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("cannot pick " + k + " of " + n);
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    if (k == n) {
      return all;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] picked = Arrays.copyOf(all, k);
    Arrays.sort(picked);
    return picked;
  }
}
