package dev.jgan.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Layer builders. Each takes the scope its variables live in; shapes are NHWC. */
public final class Layers {
  /** Keras' and the DCGAN paper's slope for LeakyReLU. */
  public static final float LEAKY_SLOPE = 0.2f;

  private Layers() {}

  /** Fully connected: [N, in] -> [N, units]; variables {@code kernel} [in, units], {@code bias}. */
  public static Operand<TFloat32> dense(
      VarScope scope, Operand<TFloat32> x, int units, Initializer kernelInit) {
    long in = x.shape().get(1);
    if (in < 0) {
      throw new IllegalArgumentException(scope.name() + ": dense input needs a known width");
    }
    Operand<TFloat32> kernel = scope.variable("kernel", Shape.of(in, units), kernelInit);
    Operand<TFloat32> bias = scope.variable("bias", Shape.of(units), Initializer.zeros());
    Ops tf = scope.ops();
    return tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias);
  }

  /**
   * LeakyReLU as max(x, 0.2x): the same function, but its gradient is Maximum's rather than {@code
   * LeakyReluGrad}. LeakyReluGrad reads the layer's pre-activation (the BiasAdd), which grappler's
   * remapper deletes when it fuses Conv2D+BiasAdd+LeakyRelu; the remapper then fails on the whole
   * graph and logs an error ("fanout 'gradients/LeakyReluGrad' exist for missing node 'BiasAdd'").
   */
  public static Operand<TFloat32> leakyRelu(Ops tf, Operand<TFloat32> x) {
    return tf.math.maximum(x, tf.math.mul(x, tf.constant(LEAKY_SLOPE)));
  }

  /** [N, a, b, ...] -> [N, a*b*...]. */
  public static Operand<TFloat32> flatten(Ops tf, Operand<TFloat32> x) {
    long features = 1;
    for (int i = 1; i < x.shape().numDimensions(); i++) {
      features *= x.shape().get(i);
    }
    return tf.reshape(x, tf.constant(new long[] {-1, features}));
  }
}
