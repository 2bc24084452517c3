package dev.jgan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import org.junit.jupiter.api.Test;

/** dcgan's two output recipes share weights and differ only in the last activation. */
class DcGanOutputTest {
  private static final int N = 3;

  @Test
  void sigmoidRecipeIsTwoSigmoidMinusOneOfTheSamePreActivationAsTanh() {
    float[] z = TestModels.uniform(7, N * 100);
    float[] tanh = generate(DcGan.Output.TANH, z);
    float[] sigmoid = generate(DcGan.Output.SIGMOID, z);
    double maxError = 0;
    for (int i = 0; i < tanh.length; i++) {
      assertTrue(sigmoid[i] >= -1 && sigmoid[i] <= 1, "pixel out of [-1, 1]: " + sigmoid[i]);
      double a = 0.5 * Math.log((1 + tanh[i]) / (1 - tanh[i])); // atanh: the pre-activation
      double expected = 2 / (1 + Math.exp(-a)) - 1;
      maxError = Math.max(maxError, Math.abs(expected - sigmoid[i]));
    }
    assertEquals(0, maxError, 1e-4, "2 sigmoid(a) - 1 of tanh's a");
  }

  private static float[] generate(DcGan.Output output, float[] z) {
    try (GanSession s =
        new GanSession(new DcGan(100, 0.4f, 0, output), TestModels.settings(1), N)) {
      return s.generate(z, N);
    }
  }
}
