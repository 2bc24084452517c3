package dev.jgan.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Pooling layers, NHWC. They have no variables. */
public final class Pooling {
  private Pooling() {}

  /**
   * Max pooling over {@code size x size} windows with stride {@code size}, "valid" padding (Keras'
   * {@code MaxPooling2D(size)}): [N, H, W, C] -> [N, H/size, W/size, C], remainders dropped. The
   * gradient (MaxPoolGrad, in TF's C++ registry) routes each output's gradient to its window's
   * maximum.
   */
  public static Operand<TFloat32> maxPool(Ops tf, Operand<TFloat32> x, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size " + size + " < 1");
    }
    return tf.nn.maxPool(
        x,
        tf.constant(new int[] {1, size, size, 1}),
        tf.constant(new int[] {1, size, size, 1}),
        "VALID");
  }
}
