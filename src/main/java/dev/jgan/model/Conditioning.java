package dev.jgan.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * How a conditional GAN (Mirza and Osindero 2014) sees the class: a one-hot vector concatenated to
 * G's z and to D's input, one-hot planes for images. Labels are int32 [N] in [0, classes); TF's
 * OneHot gives an all-zero row for a label outside that range (no error), so callers check labels
 * at the boundary.
 */
public final class Conditioning {
  private Conditioning() {}

  /** The unconditional case: {@code classes} 0 and no labels. Throws when only one is given. */
  static boolean check(String model, int classes, Operand<TInt32> labels) {
    if ((classes > 0) != (labels != null)) {
      throw new IllegalArgumentException(
          model
              + " has "
              + classes
              + " classes but was built with"
              + (labels == null ? "out labels" : " labels"));
    }
    return labels != null;
  }

  /** labels [N] -> one-hot [N, classes] float32. */
  public static Operand<TFloat32> oneHot(Ops tf, Operand<TInt32> labels, int classes) {
    return tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
  }

  /** [N, F] ++ one-hot [N, K] -> [N, F + K] (G's z, or an MLP D's flattened image). */
  public static Operand<TFloat32> appendOneHot(
      Ops tf, Operand<TFloat32> x, Operand<TInt32> labels, int classes) {
    return tf.concat(List.of(x, oneHot(tf, labels, classes)), tf.constant(1));
  }

  /**
   * [N, H, W, C] ++ one-hot planes [N, H, W, K] -> [N, H, W, C + K]: plane k is all ones for the
   * images of class k and all zeros elsewhere, so a convolutional D sees the class at every pixel.
   */
  public static Operand<TFloat32> appendPlanes(
      Ops tf, Operand<TFloat32> images, Operand<TInt32> labels, int classes) {
    long height = images.shape().get(1);
    long width = images.shape().get(2);
    // [N, K] -> [N, 1, 1, K] * ones [1, H, W, 1] -> [N, H, W, K]
    Operand<TFloat32> planes =
        tf.math.mul(
            tf.reshape(oneHot(tf, labels, classes), tf.constant(new long[] {-1, 1, 1, classes})),
            tf.ones(tf.constant(new long[] {1, height, width, 1}), TFloat32.class));
    return tf.concat(List.of(images, planes), tf.constant(3));
  }
}
