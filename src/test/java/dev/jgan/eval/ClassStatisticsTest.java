package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassStatisticsTest {
  @Test
  void confidentPredictionsSpreadEvenlyScoreTenWithMaximalEntropy() {
    double[][] p = new double[20][10];
    for (int i = 0; i < 20; i++) {
      p[i][i % 10] = 1;
    }
    ClassStatistics s = ClassStatistics.fromProbabilities(p);
    assertEquals(10, s.score(), 1e-12);
    assertEquals(Math.log(10), s.entropy(), 1e-12);
    assertArrayEquals(new long[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, s.histogram());
  }

  @Test
  void oneClassForEveryImageScoresOneWithZeroEntropy() {
    double[][] p = new double[5][10];
    for (double[] row : p) {
      row[3] = 1;
    }
    ClassStatistics s = ClassStatistics.fromProbabilities(p);
    assertEquals(1, s.score(), 1e-12);
    assertEquals(0, s.entropy(), 1e-12);
    assertEquals(5, s.histogram()[3]);
  }

  @Test
  void aHandComputedTwoClassTable() {
    // p(y|x) rows (0.9, 0.1) and (0.2, 0.8): p(y) = (0.55, 0.45).
    double kl1 = 0.9 * Math.log(0.9 / 0.55) + 0.1 * Math.log(0.1 / 0.45);
    double kl2 = 0.2 * Math.log(0.2 / 0.55) + 0.8 * Math.log(0.8 / 0.45);
    ClassStatistics s = ClassStatistics.fromProbabilities(new double[][] {{0.9, 0.1}, {0.2, 0.8}});
    assertEquals(Math.exp((kl1 + kl2) / 2), s.score(), 1e-12);
    assertEquals(1.3170, s.score(), 1e-4);
    assertArrayEquals(new long[] {1, 1}, s.histogram());
    assertEquals(Math.log(2), s.entropy(), 1e-12);
  }

  @Test
  void unevenHistogramEntropyInNats() {
    // Predicted classes 0, 0, 0, 1: entropy -(3/4 ln 3/4 + 1/4 ln 1/4) = 0.5623 nats.
    double[][] p = {{0.6, 0.4}, {0.7, 0.3}, {0.9, 0.1}, {0.1, 0.9}};
    ClassStatistics s = ClassStatistics.fromProbabilities(p);
    assertArrayEquals(new long[] {3, 1}, s.histogram());
    assertEquals(0.562335, s.entropy(), 1e-6);
  }

  @Test
  void logitsGoThroughASoftmax() {
    float[] logits = {
      (float) Math.log(0.9),
      (float) Math.log(0.1),
      5 + (float) Math.log(0.2),
      5 + (float) Math.log(0.8)
    };
    ClassStatistics fromLogits = ClassStatistics.fromLogits(logits, 2);
    assertEquals(1.3170, fromLogits.score(), 1e-4);
    // Large logits do not overflow.
    ClassStatistics big = ClassStatistics.fromLogits(new float[] {1000, 0, 0, 1000}, 2);
    assertEquals(2, big.score(), 1e-9);
  }
}
