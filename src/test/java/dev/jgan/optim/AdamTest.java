package dev.jgan.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.NamedVariables;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam's numbers against its closed form. With a constant gradient g (the loss sum(c * x) has
 * gradient c), Adam's moments after t steps are m = (1 - b1^t) g and v = (1 - b2^t) g^2, and its
 * bias-corrected step is lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps) = lr * g * sqrt(1 -
 * b2^t) / (sqrt(1 - b2^t) |g| + eps). A missing or wrong bias correction changes every step.
 */
class AdamTest {
  private static final float[] X0 = {1f, -2f, 0.5f};
  private static final float[] GRADIENT = {0.01f, -2f, 0.3f};
  // A large learning rate and epsilon make both terms visible in float32.
  private static final AdamSettings SETTINGS = new AdamSettings(0.1f, 0.5f, 0.999f, 1e-3f);

  @Test
  void oneStepMatchesTheClosedForm() {
    assertArrayEquals(closedForm(1), afterSteps(1), 1e-6f);
  }

  @Test
  void threeStepsMatchTheClosedForm() {
    float[] actual = afterSteps(3);
    assertArrayEquals(closedForm(3), actual, 1e-6f);
    // The correction scales the step by sqrt(1 - b2^t) / (1 - b1^t), sqrt(0.001) / 0.5 = 0.063 at
    // t = 1: without it the first step alone would be 15.8 times as large, whatever g and eps.
    float[] uncorrected = X0.clone();
    for (int i = 0; i < X0.length; i++) {
      uncorrected[i] -= (float) uncorrectedSteps(3, GRADIENT[i]);
    }
    for (int i = 0; i < X0.length; i++) {
      assertTrue(Math.abs(uncorrected[i] - actual[i]) > 1e-3, "bias correction is visible");
    }
  }

  /** x after t steps by the closed form, in double. */
  private static float[] closedForm(int steps) {
    float[] x = new float[X0.length];
    for (int i = 0; i < X0.length; i++) {
      double g = GRADIENT[i];
      double value = X0[i];
      for (int t = 1; t <= steps; t++) {
        double root = Math.sqrt(1 - Math.pow(SETTINGS.beta2(), t));
        value -= SETTINGS.learningRate() * g * root / (root * Math.abs(g) + SETTINGS.epsilon());
      }
      x[i] = (float) value;
    }
    return x;
  }

  /** The sum of t steps of m / (sqrt(v) + eps) without the bias correction. */
  private static double uncorrectedSteps(int steps, double g) {
    double sum = 0;
    for (int t = 1; t <= steps; t++) {
      double m = (1 - Math.pow(SETTINGS.beta1(), t)) * g;
      double v = (1 - Math.pow(SETTINGS.beta2(), t)) * g * g;
      sum += SETTINGS.learningRate() * m / (Math.sqrt(v) + SETTINGS.epsilon());
    }
    return sum;
  }

  /** x after {@code steps} runs of Adam's step on the scoped variable "net/dense/kernel". */
  private static float[] afterSteps(int steps) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x =
          NamedVariables.create(tf, "net/dense/kernel", tf.withInitScope().constant(X0));
      Operand<TFloat32> loss =
          tf.reduceSum(tf.math.mul(x, tf.constant(GRADIENT)), tf.constant(new int[] {0}));
      Op step = Adam.minimize(tf, new Adam.Objective("adam", loss, List.of(x), SETTINGS));
      for (int t = 0; t < steps; t++) {
        s.runner().addTarget(step).run();
      }
      try (TFloat32 value = (TFloat32) s.runner().fetch(x).run().get(0)) {
        float[] out = new float[X0.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = value.getFloat(i);
        }
        return out;
      }
    }
  }
}
