package dev.jgan.model;

import dev.jgan.nn.Convolutions;
import dev.jgan.nn.Convolutions.Conv;
import dev.jgan.nn.Dropout;
import dev.jgan.nn.Initializer;
import dev.jgan.nn.Layers;
import dev.jgan.nn.Pooling;
import dev.jgan.nn.VarScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A LeNet-like CNN for 28x28x1 images: the feature extractor behind {@code gan evaluate} (FID, KID,
 * precision/recall) and its class predictions (classifier score, class histogram).
 *
 * <pre>
 * conv 5x5 (32) ReLU -> maxpool 2 -> conv 5x5 (64) ReLU -> maxpool 2 -> dense 128 ReLU (features)
 *   -> dropout 0.5 (training only) -> dense 10 (logits)
 * </pre>
 *
 * Glorot-uniform weights (Keras' default). Like {@link GanModel}s it only builds graphs.
 *
 * @param conv1 filters of the first convolution
 * @param conv2 filters of the second
 * @param features width of the penultimate (feature) layer
 * @param dropout rate of the dropout before the logits, in training only
 */
public record ClassifierNet(int conv1, int conv2, int features, float dropout) {
  /** Scope of the classifier's variables ("classifier/conv_1/kernel", ...). */
  public static final String SCOPE = "classifier";

  public static final ImageShape IMAGE = ImageShape.MNIST;
  public static final int CLASSES = 10;
  static final int KERNEL = 5;
  static final int POOL = 2;

  /** The shipped classifiers' size: the classic Keras/TF MNIST CNN, 99%+ on MNIST in 3 epochs. */
  public static final ClassifierNet DEFAULT = new ClassifierNet(32, 64, 128, 0.5f);

  public ClassifierNet {
    if (conv1 < 1 || conv2 < 1 || features < 1 || dropout < 0f || dropout >= 1f) {
      throw new IllegalArgumentException(
          "bad classifier widths "
              + conv1
              + "/"
              + conv2
              + "/"
              + features
              + " or dropout "
              + dropout);
    }
  }

  /** Both outputs of one application of the network. */
  public record Outputs(Operand<TFloat32> features, Operand<TFloat32> logits) {}

  /**
   * images [N, 28, 28, 1] in [-1, 1] -> features [N, features], logits [N, 10].
   *
   * @param training dropout on (training) or off (inference, export)
   */
  public Outputs build(VarScope scope, Operand<TFloat32> images, boolean training) {
    Initializer init = Initializer.glorotUniform();
    // [N, 28, 28, 1] -> [N, 28, 28, conv1] -> [N, 14, 14, conv1]
    VarScope c1 = scope.child("conv_1");
    Ops tf = c1.ops();
    Operand<TFloat32> x =
        Pooling.maxPool(
            tf, tf.nn.relu(Convolutions.conv2d(c1, images, Conv.of(conv1, KERNEL, 1, init))), POOL);
    // [N, 14, 14, conv1] -> [N, 14, 14, conv2] -> [N, 7, 7, conv2]
    VarScope c2 = scope.child("conv_2");
    tf = c2.ops();
    x =
        Pooling.maxPool(
            tf, tf.nn.relu(Convolutions.conv2d(c2, x, Conv.of(conv2, KERNEL, 1, init))), POOL);
    // [N, 7, 7, conv2] -> [N, 7*7*conv2] -> [N, features]
    VarScope dense = scope.child("dense");
    Operand<TFloat32> features =
        dense
            .ops()
            .nn
            .relu(Layers.dense(dense, Layers.flatten(scope.ops(), x), this.features, init));
    // [N, features] -> [N, 10]
    VarScope out = scope.child("logits");
    Operand<TFloat32> dropped = Dropout.apply(out, features, dropout, training);
    return new Outputs(features, Layers.dense(out, dropped, CLASSES, init));
  }
}
