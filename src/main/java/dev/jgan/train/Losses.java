package dev.jgan.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** GAN losses on logits. */
public final class Losses {
  private Losses() {}

  /**
   * Mean sigmoid cross-entropy of logits x against a constant target z, in the overflow-free form
   * {@code max(x, 0) - x*z + log1p(exp(-|x|))} (TF-Java 1.0.0 has no fused op for it, and every op
   * here has a registered gradient; see DESIGN.md).
   */
  public static Operand<TFloat32> sigmoidCrossEntropy(
      Ops tf, Operand<TFloat32> logits, float target) {
    Operand<TFloat32> positivePart = tf.math.maximum(logits, tf.constant(0f));
    Operand<TFloat32> times = tf.math.mul(logits, tf.constant(target));
    Operand<TFloat32> softplusOfNegAbs =
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits))));
    Operand<TFloat32> perExample = tf.math.add(tf.math.sub(positivePart, times), softplusOfNegAbs);
    return mean(tf, perExample);
  }

  /** Mean of sigmoid(logits): D's average belief that its input is real. */
  public static Operand<TFloat32> meanProbability(Ops tf, Operand<TFloat32> logits) {
    return mean(tf, tf.math.sigmoid(logits));
  }

  private static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return tf.math.mean(x, tf.constant(axes));
  }
}
