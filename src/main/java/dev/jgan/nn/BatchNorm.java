package dev.jgan.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalization over N, H, W for each channel (the fused TF kernel, whose gradient TF-Java
 * has). Training mode normalizes with the batch's statistics and registers an update of the moving
 * averages with the scope (the training step runs it); inference mode normalizes with the moving
 * averages, so one image's output does not depend on the rest of its batch.
 *
 * <p>Variables: {@code gamma}, {@code beta} (trainable), {@code moving_mean}, {@code
 * moving_variance} (not trainable), each [C].
 */
public final class BatchNorm {
  /**
   * Weight of the old value in the moving averages. 0.9 as in the DCGAN reference code (carpedm20,
   * TF1): G's statistics drift as it trains, and Keras' 0.99 would trail them by hundreds of steps.
   */
  public static final float MOMENTUM = 0.9f;

  /** The DCGAN reference code's epsilon (Keras uses 1e-3; the difference is negligible). */
  public static final float EPSILON = 1e-5f;

  private BatchNorm() {}

  /** [N, H, W, C] -> [N, H, W, C]. */
  public static Operand<TFloat32> apply(VarScope scope, Operand<TFloat32> x, boolean training) {
    long channels = x.shape().get(3);
    Shape perChannel = Shape.of(channels);
    Operand<TFloat32> gamma = scope.variable("gamma", perChannel, Initializer.ones());
    Operand<TFloat32> beta = scope.variable("beta", perChannel, Initializer.zeros());
    Variable<TFloat32> movingMean =
        scope.nonTrainableVariable("moving_mean", perChannel, Initializer.zeros());
    Variable<TFloat32> movingVariance =
        scope.nonTrainableVariable("moving_variance", perChannel, Initializer.ones());
    Ops tf = scope.ops();
    if (!training) {
      return tf.nn
          .fusedBatchNorm(
              x,
              gamma,
              beta,
              movingMean,
              movingVariance,
              FusedBatchNorm.epsilon(EPSILON),
              FusedBatchNorm.isTraining(false))
          .y();
    }
    Operand<TFloat32> empty = tf.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> normalized =
        tf.nn.fusedBatchNorm(
            x,
            gamma,
            beta,
            empty,
            empty,
            FusedBatchNorm.epsilon(EPSILON),
            FusedBatchNorm.isTraining(true));
    // batchVariance is the unbiased (n-1) estimate, as Keras and PyTorch keep it.
    scope.addUpdate(
        ops ->
            ops.withControlDependencies(
                    List.of(
                        movingAverage(ops, movingMean, normalized.batchMean()),
                        movingAverage(ops, movingVariance, normalized.batchVariance())))
                .noOp());
    return normalized.y();
  }

  /** average <- MOMENTUM * average + (1 - MOMENTUM) * value. */
  private static Op movingAverage(Ops tf, Variable<TFloat32> average, Operand<TFloat32> value) {
    Operand<TFloat32> next =
        tf.math.add(
            tf.math.mul(average, tf.constant(MOMENTUM)),
            tf.math.mul(value, tf.constant(1f - MOMENTUM)));
    return tf.assign(average, next);
  }
}
