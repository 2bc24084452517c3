package dev.jgan.train.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LossesTest {
  private static final float[][] LOGITS = {{2.5f}, {-1.0f}, {0.0f}, {40f}, {-40f}};

  @Test
  void sigmoidCrossEntropyMatchesHandComputationWithSmoothedTarget() {
    for (float target : new float[] {0.9f, 0f, 1f}) {
      assertEquals(byHand(target), run(target), 1e-5, "target " + target);
    }
  }

  @Test
  void dLossIsRealTermPlusFakeTerm() {
    // D's loss as GanGraph builds it: SCE(real, 0.9) + SCE(fake, 0), here on LOGITS for both.
    double expected = byHand(0.9f) + byHand(0f);
    assertEquals(expected, run(0.9f) + run(0f), 1e-5);
  }

  /** -[z log s(x) + (1 - z) log(1 - s(x))], averaged; log1p keeps the extreme logits exact. */
  private static double byHand(float z) {
    double sum = 0;
    for (float[] row : LOGITS) {
      double x = row[0];
      double logSigmoid = -Math.log1p(Math.exp(-x)); // log s(x)
      double logOneMinusSigmoid = -Math.log1p(Math.exp(x)); // log(1 - s(x))
      sum += -(z * logSigmoid + (1 - z) * logOneMinusSigmoid);
    }
    return sum / LOGITS.length;
  }

  private static float run(float target) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> loss = Losses.sigmoidCrossEntropy(tf, tf.constant(LOGITS), target);
      try (TFloat32 t = (TFloat32) s.runner().fetch(loss).run().get(0)) {
        return t.getFloat();
      }
    }
  }
}
