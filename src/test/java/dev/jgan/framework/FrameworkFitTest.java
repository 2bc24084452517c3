package dev.jgan.framework;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.Initializer;
import dev.jgan.nn.NamedVariables;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.framework.initializers.Glorot;
import org.tensorflow.framework.initializers.RandomNormal;
import org.tensorflow.framework.initializers.VarianceScaling;
import org.tensorflow.framework.op.nn.SigmoidCrossEntropyWithLogits;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What tensorflow-framework 1.0.0 can and cannot do for this project (docs/DESIGN.md, "The
 * framework"). Each test pins one finding, so that an upgrade that changes it fails here and the
 * choice is looked at again.
 */
class FrameworkFitTest {
  private static final float[] LOGITS = {2.5f, -1f, 0f, 40f, -40f, 0.3f};
  private static final Shape KERNEL = Shape.of(5, 5, 3, 8);

  /** Its sigmoid cross-entropy gives our per-example values bit for bit... */
  @Test
  void sigmoidCrossEntropyValuesEqualOurs() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> logits = tf.constant(LOGITS);
      Operand<TFloat32> labels = tf.fill(tf.shape(logits), tf.constant(0.9f));
      Operand<TFloat32> framework =
          SigmoidCrossEntropyWithLogits.sigmoidCrossEntropyWithLogits(tf.scope(), labels, logits);
      assertArrayEquals(values(s, ours(tf, logits, 0.9f)), values(s, framework));
    }
  }

  /**
   * ...and the same gradient (ZerosLike, which it is built on, needs none), except at a logit of
   * exactly 0: there the hand-written form's subgradients (max and abs) give 1 - z, the framework's
   * selects give the true derivative sigmoid(0) - z.
   */
  @Test
  void sigmoidCrossEntropyGradientEqualsOurs() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> logits =
          NamedVariables.create(tf, "logits", tf.withInitScope().constant(LOGITS));
      Operand<TFloat32> labels = tf.fill(tf.shape(logits), tf.constant(0.9f));
      Operand<TFloat32> framework =
          SigmoidCrossEntropyWithLogits.sigmoidCrossEntropyWithLogits(tf.scope(), labels, logits);
      float[] handWritten = values(s, gradient(g, tf, ours(tf, logits, 0.9f), logits));
      float[] actual = values(s, gradient(g, tf, framework, logits));
      for (int i = 0; i < LOGITS.length; i++) {
        if (LOGITS[i] == 0f) {
          assertEquals(1f - 0.9f, handWritten[i], 1e-6f);
          assertEquals(0.5f - 0.9f, actual[i], 1e-6f);
        } else {
          assertEquals(handWritten[i], actual[i], 0f, "logit " + LOGITS[i]);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> gradient(
      Graph g, Ops tf, Operand<TFloat32> perExample, Variable<TFloat32> x) {
    Operand<TFloat32> loss = tf.reduceSum(perExample, tf.constant(0));
    return (Operand<TFloat32>) g.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()})[0];
  }

  /**
   * Its initializers cannot draw our weights: they seed the stateless op with {seed, 0} where
   * VariableStore seeds each variable with {run seed, hash of its name}, and its Glorot uniform
   * differs even at {seed, 0}. Adopting them would change every run's initial weights.
   */
  @Test
  void initializersDrawOtherWeightsThanOurs() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TInt64> dims = tf.constant(KERNEL);
      Operand<TInt64> seed = tf.constant(new long[] {42, 0});
      float[] framework =
          values(s, new RandomNormal<TFloat32>(0, 0.02, 42).call(tf, dims, TFloat32.class));
      float[] ours = values(s, Initializer.normal(0.02f).initialValue(tf, KERNEL, seed));
      float[] glorot =
          values(
              s,
              new Glorot<TFloat32>(VarianceScaling.Distribution.UNIFORM, 42)
                  .call(tf, dims, TFloat32.class));
      float[] oursGlorot = values(s, Initializer.glorotUniform().initialValue(tf, KERNEL, seed));
      // RandomNormal is our N(0, 0.02) at the seed {42, 0}, bit for bit...
      assertArrayEquals(ours, framework);
      // ...but a variable's seed has its name in the second word, which RandomNormal cannot take.
      float[] perVariable =
          values(
              s,
              Initializer.normal(0.02f)
                  .initialValue(
                      tf,
                      KERNEL,
                      tf.constant(new long[] {42, "generator/conv/kernel".hashCode()})));
      assertFalse(Arrays.equals(framework, perVariable));
      // Glorot uniform draws other numbers even at {42, 0}.
      assertFalse(Arrays.equals(glorot, oursGlorot));
      // Both are the same distribution: Glorot's limit is sqrt(6 / (fanIn + fanOut)).
      double limit = Math.sqrt(6.0 / (5 * 5 * 3 + 5 * 5 * 8));
      for (float w : glorot) {
        assertTrue(Math.abs(w) <= limit, "in the Glorot range: " + w);
      }
    }
  }

  /** Its Adam names slots after the variable's op, which fails for a scoped variable name. */
  @Test
  void adamFailsOnScopedVariableNames() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> kernel =
          NamedVariables.create(
              tf, "discriminator/dense_1/kernel", tf.withInitScope().constant(new float[] {1f}));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(kernel, kernel), tf.constant(0));
      Exception e = assertThrows(Exception.class, () -> new Adam(g, 2e-4f).minimize(loss));
      assertTrue(String.valueOf(e.getMessage()).contains("invalid name"), e.getMessage());
    }
  }

  /** Its minimize differentiates every variable of the graph: D's step would move G too. */
  @Test
  void minimizeMovesEveryVariableOfTheGraph() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // Unscoped names, so that the slot-name failure above does not hide this one.
      Variable<TFloat32> generator =
          NamedVariables.create(tf, "g_weight", tf.withInitScope().constant(new float[] {1f}));
      Variable<TFloat32> discriminator =
          NamedVariables.create(tf, "d_weight", tf.withInitScope().constant(new float[] {2f}));
      // D's loss depends on G's weight through the fake image, as in a GAN.
      Operand<TFloat32> dLoss = tf.reduceSum(tf.math.mul(generator, discriminator), tf.constant(0));
      Op dStep = new Adam(g, 0.1f).minimize(dLoss);
      s.runner().addTarget(dStep).run();
      assertNotEquals(1f, values(s, generator)[0], "D's step changed G's weight");
    }
  }

  private static Operand<TFloat32> ours(Ops tf, Operand<TFloat32> logits, float target) {
    Operand<TFloat32> positivePart = tf.math.maximum(logits, tf.constant(0f));
    Operand<TFloat32> times = tf.math.mul(logits, tf.constant(target));
    Operand<TFloat32> softplusOfNegAbs =
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits))));
    return tf.math.add(tf.math.sub(positivePart, times), softplusOfNegAbs);
  }

  private static float[] values(Session s, Operand<TFloat32> x) {
    try (TFloat32 t = (TFloat32) s.runner().fetch(x).run().get(0)) {
      float[] out = new float[(int) t.shape().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getFloat(toCoordinates(t.shape(), i));
      }
      return out;
    }
  }

  private static long[] toCoordinates(Shape shape, long flat) {
    long[] c = new long[shape.numDimensions()];
    for (int d = c.length - 1; d >= 0; d--) {
      c[d] = flat % shape.get(d);
      flat /= shape.get(d);
    }
    return c;
  }
}
