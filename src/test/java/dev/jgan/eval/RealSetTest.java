package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.classifier.ImageClassifier;
import dev.jgan.model.ClassifierNet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Precision, recall, density and coverage through {@link RealSet}: on feature directions. */
class RealSetTest {
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
  void aShortVectorNearFaintRealOnesIsNotRealistic() {
    // Real: 19 unit vectors at 0, 5, ..., 90 degrees in the xy-plane, and two faint ones (length
    // 0.01) at 2.5 and 47.5 degrees, as faint digits. "Noise": short vectors leaning towards z.
    float[][] real = new float[21][];
    for (int i = 0; i < 19; i++) {
      real[i] = polar(1, 5 * i);
    }
    real[19] = polar(0.01, 2.5);
    real[20] = polar(0.01, 47.5);
    float[][] noise = new float[21][];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = new float[] {0.01f + 0.001f * i, 0.01f, 0.03f};
    }
    // In raw space every noise vector is within 0.04 of the faint vectors, whose 3rd nearest
    // neighbours are about 1 away: all inside their balls.
    Features rawReal = features(real);
    PrecisionRecall.Result raw =
        PrecisionRecall.compute(
            PrecisionRecall.manifold(rawReal, PrecisionRecall.K, pairwise),
            PrecisionRecall.manifold(rawReal, PrecisionRecall.DENSITY_K, pairwise),
            PrecisionRecall.manifold(features(noise), PrecisionRecall.K, pairwise),
            pairwise);
    assertEquals(1, raw.precision(), "the failure that directions remove");

    // As directions the noise points at least 60 degrees away from every real vector (chord 1 or
    // more), while the largest real ball has a radius of 2 sin(7.5 deg) = 0.26: nothing inside.
    PrecisionRecall.Result r =
        new RealSet(outputs(real), pairwise).compare(outputs(noise), 1, pairwise).precisionRecall();
    assertEquals(0, r.precision());
    assertEquals(0, r.recall());
    assertEquals(0, r.density());
    assertEquals(0, r.coverage());
  }

  @Test
  void brighterCopiesOfTheRealVectorsAreRealistic() {
    // The same directions at 7 times the length (bolder strokes of the same digits) match the real
    // set exactly: every point on a real point, every real point on a generated one.
    float[][] real = new float[19][];
    float[][] bright = new float[19][];
    for (int i = 0; i < 19; i++) {
      real[i] = polar(1 + 0.1 * i, 5 * i);
      bright[i] = polar(7 * (1 + 0.1 * i), 5 * i);
    }
    PrecisionRecall.Result r =
        new RealSet(outputs(real), pairwise)
            .compare(outputs(bright), 1, pairwise)
            .precisionRecall();
    assertEquals(1, r.precision());
    assertEquals(1, r.recall());
    assertEquals(1, r.coverage());
    assertTrue(r.density() >= 1, "each point is in its own ball and its neighbours': " + r);
  }

  @Test
  void aZeroFeatureVectorStaysAtTheOriginAndIsInNoBall() {
    float[][] real = new float[19][];
    for (int i = 0; i < 19; i++) {
      real[i] = polar(1, 5 * i);
    }
    float[][] blank = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    assertEquals(0f, features(blank).unitRows().values()[0], "no division by zero");
    PrecisionRecall.Result r =
        new RealSet(outputs(real), pairwise).compare(outputs(blank), 1, pairwise).precisionRecall();
    assertEquals(0, r.precision(), "an image that excites no feature is 1 from every direction");
  }

  /** (r cos a, r sin a, 0): non-negative, like ReLU features, for a in [0, 90] degrees. */
  private static float[] polar(double length, double degrees) {
    double a = Math.toRadians(degrees);
    return new float[] {(float) (length * Math.cos(a)), (float) (length * Math.sin(a)), 0};
  }

  private static Features features(float[][] rows) {
    float[] values = new float[rows.length * 3];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, values, 3 * i, 3);
    }
    return new Features(rows.length, 3, values);
  }

  private static ImageClassifier.Outputs outputs(float[][] rows) {
    return new ImageClassifier.Outputs(
        rows.length, new float[rows.length * ClassifierNet.CLASSES], features(rows).values());
  }
}
