package dev.jgan.train.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.train.StepMetrics;
import dev.jgan.train.StepResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The collapse rules on synthetic loss sequences and sample arrays. */
class CollapseDetectorTest {
  private static final StepResult HEALTHY = new StepResult(1.2f, 0.9f, 0.6f, 0.4f);

  private static void feed(CollapseDetector detector, long from, int steps, StepResult losses) {
    for (long s = from; s < from + steps; s++) {
      detector.onStep(
          new StepMetrics(s + 1, 1, 1, 1000, 10_000, losses, 100, StepMetrics.NO_BUDGET));
    }
  }

  @Test
  void dWinsAfterExactlyThePatience() {
    StepResult dWins = new StepResult(0.05f, 6f, 0.99f, 0.01f);
    CollapseDetector detector = new CollapseDetector(CollapseDetector.DEFAULTS);
    feed(detector, 0, 199, dWins);
    assertTrue(detector.collapse().isEmpty(), "199 steps are not enough");
    feed(detector, 199, 1, dWins);
    assertTrue(detector.collapse().orElseThrow().startsWith("D wins"), detector.collapse().get());
  }

  @Test
  void aBrokenStreakStartsOver() {
    StepResult dWins = new StepResult(0.05f, 6f, 0.99f, 0.01f);
    CollapseDetector detector = new CollapseDetector(CollapseDetector.DEFAULTS);
    feed(detector, 0, 150, dWins);
    feed(detector, 150, 1, HEALTHY);
    feed(detector, 151, 199, dWins);
    assertTrue(detector.collapse().isEmpty());
    feed(detector, 350, 1, dWins);
    assertTrue(detector.collapse().isPresent());
  }

  @Test
  void gExplodes() {
    StepResult gHigh = new StepResult(0.3f, 9f, 0.9f, 0.0001f);
    CollapseDetector detector = new CollapseDetector(CollapseDetector.DEFAULTS);
    feed(detector, 0, 199, gHigh);
    assertTrue(detector.collapse().isEmpty());
    feed(detector, 199, 1, gHigh);
    assertTrue(detector.collapse().orElseThrow().startsWith("G's loss explodes"));
  }

  @Test
  void healthyLossesNeverWarn() {
    CollapseDetector detector = new CollapseDetector(CollapseDetector.DEFAULTS);
    feed(detector, 0, 1000, HEALTHY);
    detector.evaluation(1000, 2.2);
    float[] digits = new float[16 * 784];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = i % 7 == 0 ? 1f : -1f;
    }
    detector.samples(1, 1000, digits);
    assertTrue(detector.collapse().isEmpty());
  }

  @Test
  void blankSamples() {
    float[] black = new float[16 * 784];
    Arrays.fill(black, -1f);
    black[3] = -0.99f; // almost flat
    assertEquals(0, CollapseDetector.pixelStd(black), 0.001);
    CollapseDetector detector = new CollapseDetector(CollapseDetector.DEFAULTS);
    float[] grey = new float[16 * 784]; // a fresh generator: flat, but mid-grey
    Arrays.fill(grey, 0.01f);
    detector.samples(1, 2, grey);
    assertFalse(detector.collapse().isPresent(), "a fresh, grey generator is not dead");
    detector.samples(3, 300, black);
    assertTrue(detector.collapse().orElseThrow().startsWith("blank samples"));
  }

  @Test
  void lowClassEntropy() {
    CollapseDetector detector = new CollapseDetector(CollapseDetector.DEFAULTS);
    detector.evaluation(500, 1.01);
    assertFalse(detector.collapse().isPresent());
    detector.evaluation(1000, 0.5);
    assertTrue(detector.collapse().orElseThrow().startsWith("mode collapse"));
  }

  @Test
  void fewDistinctSamplesWarnOncePerEpisode() {
    DiversityMeasure entropy = new PixelSpreadMeasure(1);
    CollapseDetector detector = new CollapseDetector(CollapseDetector.DEFAULTS);
    detector.diversity(1, 938, entropy, CollapseDetector.MIN_PIXEL_SPREAD + 0.01);
    assertTrue(detector.collapse().isEmpty(), "just above the floor");
    detector.diversity(2, 1876, entropy, 0.04);
    String reason = detector.collapse().orElseThrow();
    assertTrue(reason.startsWith("few distinct samples: pixel spread 0.040"), reason);
    assertTrue(reason.contains("epoch 2 (step 1876)"), reason);
  }
}
