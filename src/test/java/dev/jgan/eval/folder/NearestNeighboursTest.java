package dev.jgan.eval.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.eval.Pairwise;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The nearest reference rows, against a brute-force search in double precision. */
class NearestNeighboursTest {
  private static final int DIM = 7;
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
  void findsTheKNearestInOrderAcrossChunks() {
    // More queries than a chunk, so that the second chunk's offsets are exercised too.
    int q = NearestNeighbours.CHUNK + 45;
    float[] queries = random(q, 1);
    float[] reference = random(120, 2);
    NearestNeighbours found = NearestNeighbours.find(queries, reference, DIM, 5, null, pairwise);
    assertEquals(5, found.k());
    assertEquals(q, found.count());
    for (int i = 0; i < q; i++) {
      assertMatchesBruteForce(found, i, queries, reference, -1);
    }
  }

  @Test
  void leaveOneOutSkipsTheQuerysOwnRow() {
    float[] reference = random(90, 3);
    int[] self = {0, 17, 45, 89};
    float[] queries = new float[self.length * DIM];
    for (int i = 0; i < self.length; i++) {
      System.arraycopy(reference, self[i] * DIM, queries, i * DIM, DIM);
    }
    NearestNeighbours found = NearestNeighbours.find(queries, reference, DIM, 3, self, pairwise);
    for (int i = 0; i < self.length; i++) {
      for (int n = 0; n < 3; n++) {
        assertNotEquals(self[i], found.indices()[i * 3 + n], "query " + i + " found itself");
      }
      assertTrue(found.nearest(i) > 0, "a distance of 0 is the query itself");
      assertMatchesBruteForce(found, i, queries, reference, self[i]);
    }
    // Without leave-one-out each one finds itself at distance 0.
    NearestNeighbours plain = NearestNeighbours.find(queries, reference, DIM, 1, null, pairwise);
    for (int i = 0; i < self.length; i++) {
      assertEquals(self[i], plain.indices()[i]);
      assertEquals(0f, plain.nearest(i), 1e-2f); // float32 |a|^2 + |b|^2 - 2ab: ~1e-6 squared
    }
  }

  @Test
  void kIsCappedByTheReferenceRows() {
    float[] reference = random(4, 4);
    NearestNeighbours all =
        NearestNeighbours.find(random(2, 5), reference, DIM, 10, null, pairwise);
    assertEquals(4, all.k());
    NearestNeighbours others =
        NearestNeighbours.find(
            java.util.Arrays.copyOf(reference, DIM), reference, DIM, 10, new int[] {0}, pairwise);
    assertEquals(3, others.k());
    assertMatchesBruteForce(others, 0, reference, reference, 0);
  }

  /**
   * Query {@code i}'s neighbours are the brute-force ones: the same distances rank by rank, and
   * each index at the distance claimed (two rows at nearly equal distance may come either way).
   */
  private static void assertMatchesBruteForce(
      NearestNeighbours found, int i, float[] queries, float[] reference, int skip) {
    int n = reference.length / DIM;
    double[] distance = new double[n];
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int d = 0; d < DIM; d++) {
        double diff = (double) queries[i * DIM + d] - reference[j * DIM + d];
        sum += diff * diff;
      }
      distance[j] = Math.sqrt(sum);
    }
    int[] order =
        IntStream.range(0, n)
            .filter(j -> j != skip)
            .boxed()
            .sorted(Comparator.comparingDouble(j -> distance[j]))
            .mapToInt(Integer::intValue)
            .toArray();
    int k = found.k();
    for (int r = 0; r < k; r++) {
      int index = found.indices()[i * k + r];
      float claimed = found.distances()[i * k + r];
      String where = "query " + i + " rank " + r;
      assertEquals(distance[order[r]], claimed, 1e-4, where);
      assertEquals(distance[index], claimed, 1e-4, where + " (index " + index + ")");
      for (int s = 0; s < r; s++) {
        assertNotEquals(index, found.indices()[i * k + s], where + " repeats a row");
      }
    }
  }

  private static float[] random(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[rows * DIM];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }
}
