package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrecisionRecallTest {
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
  void radiiAreTheDistanceToTheThirdNearestOtherPoint() {
    // Real: 0, 1, ..., 19 on a line. Inside, the 3rd nearest neighbour is 2 away; at the ends 3.
    PrecisionRecall.Manifold m = PrecisionRecall.manifold(line(0, 20), 3, pairwise);
    assertEquals(9f, m.squaredRadii()[0]);
    assertEquals(4f, m.squaredRadii()[1]); // 0, 2 at 1 and 3 at 2
    assertEquals(4f, m.squaredRadii()[10]);
    assertEquals(9f, m.squaredRadii()[19]);
  }

  @Test
  void constructedSetsGiveKnownPrecisionRecallDensityAndCoverage() {
    // Real: 0..19. Generated: a tight cluster at 2.05..2.3 (inside the real balls) and 100..103
    // (far from all real points): precision 4/8. The cluster's balls (radius 0.25 at most) hold
    // one real point, 2; the far points' balls hold none: recall 1/20.
    Features real = line(0, 20);
    Features fake = points(2.05, 2.1, 2.2, 2.3, 100, 101, 102, 103);
    PrecisionRecall.Result r = compute(real, fake);
    assertEquals(0.5, r.precision(), 1e-12);
    assertEquals(0.05, r.recall(), 1e-12);
    // k = 5 radii of 0..19: 5, 4, then 3 inside. Each cluster point lies in the balls of 0..5
    // (5 is 2.7..2.95 away) and not of 6 (3.7 or more): 6 balls each, 24 in all, over k * 8:
    // density 0.6. Balls holding a generated point: those of 0..5, coverage 6/20.
    assertEquals(24 / 40.0, r.density(), 1e-12);
    assertEquals(6 / 20.0, r.coverage(), 1e-12);

    // The other way round: real points 2..4 (cluster) lie in ... all of fake's points are
    // real-like?
    PrecisionRecall.Result swapped = compute(fake, real);
    // Real = the 8 points, fake = 0..19: fake points inside the cluster's balls (radius 0.3 around
    // 2.0..2.3) are 2 only; inside the far balls (radius 2..3 around 100..103) none: 1/20.
    assertEquals(0.05, swapped.precision(), 1e-12);
    assertEquals(0.5, swapped.recall(), 1e-12);
  }

  @Test
  void identicalSetsHavePrecisionAndRecallOneAcrossBlocks() {
    // More points than one distance block (500 rows) of 16 dimensions.
    SplittableRandom random = new SplittableRandom(3);
    float[] values = new float[1200 * 16];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble();
    }
    Features x = new Features(1200, 16, values);
    PrecisionRecall.Result r = compute(x, x);
    assertEquals(1, r.precision());
    assertEquals(1, r.recall());
    assertEquals(1, r.coverage());
    // Each point lies in its own ball and in those of the neighbours it is among the 5 nearest of.
    assertTrue(r.density() > 1, "density " + r.density());
  }

  @Test
  void aCollapsedSetIsPreciseButCoversNothing() {
    Features real = line(0, 20);
    Features collapsed = points(5.5, 5.5, 5.5, 5.5, 5.5, 5.5);
    PrecisionRecall.Result r = compute(real, collapsed);
    assertEquals(1, r.precision());
    assertEquals(0, r.recall()); // balls of radius 0 around 5.5 hold no real point
    // 5.5 lies in the k = 5 balls (radius 3) of 3..8: 6 balls for each of the 6 copies.
    assertEquals(36 / 30.0, r.density(), 1e-12);
    assertEquals(6 / 20.0, r.coverage(), 1e-12);
  }

  @Test
  void oneRealOutlierWithALargeBallMakesPrecisionOneButNotDensity() {
    // Real: a tight grid 0..19 and one outlier at 60, whose 3rd neighbour (17) is 43 away; its ball
    // swallows "noise" at 40..42, far from the grid. Density (k = 5) counts only that one ball.
    double[] xs = new double[21];
    for (int i = 0; i < 20; i++) {
      xs[i] = i;
    }
    xs[20] = 60;
    PrecisionRecall.Result r = compute(points(xs), points(40, 41, 42, 40.5, 41.5, 42.5));
    assertEquals(1, r.precision());
    assertEquals(0, r.recall());
    assertEquals(6 / 30.0, r.density(), 1e-12);
    assertEquals(1 / 21.0, r.coverage(), 1e-12);
  }

  private static PrecisionRecall.Result compute(Features real, Features fake) {
    return PrecisionRecall.compute(
        PrecisionRecall.manifold(real, 3, pairwise),
        PrecisionRecall.manifold(real, 5, pairwise),
        PrecisionRecall.manifold(fake, 3, pairwise),
        pairwise);
  }

  /** Points (i, 0) for i in [from, to). */
  private static Features line(int from, int to) {
    double[] xs = new double[to - from];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = from + i;
    }
    return points(xs);
  }

  /** Points (x, 0): two dimensions, so the feature width is not trivially 1. */
  private static Features points(double... xs) {
    float[] values = new float[xs.length * 2];
    for (int i = 0; i < xs.length; i++) {
      values[2 * i] = (float) xs[i];
    }
    return new Features(xs.length, 2, values);
  }
}
