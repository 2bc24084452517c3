package dev.jgan.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Inverted dropout: in training, each unit is zeroed with probability {@code rate} and the rest are
 * scaled by 1 / (1 - rate), so inference (identity) needs no rescaling. The mask is drawn
 * statelessly from the step's fed seed (see {@link VariableStore}): reproducible, and the same
 * after a resume.
 */
public final class Dropout {
  private Dropout() {}

  /** [N, ...] -> [N, ...]; the identity when not training. */
  public static Operand<TFloat32> apply(
      VarScope scope, Operand<TFloat32> x, float rate, boolean training) {
    if (!training || rate == 0f) {
      return x;
    }
    Ops tf = scope.ops();
    // The mask depends on x only through its shape; stop the gradient so that the backward pass
    // never asks for the gradient of Shape or of the random op.
    Operand<TFloat32> uniform =
        tf.random.statelessRandomUniform(
            tf.shape(tf.stopGradient(x)), scope.nextRandomSeed(), TFloat32.class);
    Operand<TFloat32> keep =
        tf.stopGradient(
            tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant(rate)), TFloat32.class));
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }
}
