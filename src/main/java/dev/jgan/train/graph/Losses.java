package dev.jgan.train.graph;

import org.tensorflow.Operand;
import org.tensorflow.framework.op.nn.SigmoidCrossEntropyWithLogits;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** GAN losses on logits. */
public final class Losses {
  private Losses() {}

  /**
   * Mean sigmoid cross-entropy of logits x against a constant target z: tensorflow-framework's
   * overflow-free {@code max(x, 0) - x*z + log1p(exp(-|x|))}, written with selects (TensorFlow has
   * no fused op for it). The labels are {@code Fill(Shape(logits), z)}: {@code OnesLike} has no
   * gradient in TF-Java 1.0.0 (docs/DESIGN.md, "TensorFlow facts").
   */
  public static Operand<TFloat32> sigmoidCrossEntropy(
      Ops tf, Operand<TFloat32> logits, float target) {
    Operand<TFloat32> labels = tf.fill(tf.shape(logits), tf.constant(target));
    return mean(
        tf,
        SigmoidCrossEntropyWithLogits.sigmoidCrossEntropyWithLogits(tf.scope(), labels, logits));
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
