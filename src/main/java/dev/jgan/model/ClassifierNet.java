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
 * A LeNet-like CNN: the feature extractor behind {@code gan evaluate} (FID, KID, precision/recall)
 * and its class predictions. The bundled ones ({@link #DEFAULT}) read 28x28x1 MNIST-like images and
 * predict 10 classes; an image folder's feature network ({@link #rotations}) reads 32x32 images and
 * predicts which of 4 rotations an image was given (docs/DESIGN.md, "Evaluating a folder").
 *
 * <pre>
 * conv 5x5 (32) ReLU -> maxpool 2 -> conv 5x5 (64) ReLU -> maxpool 2 -> dense 128 ReLU (features)
 *   -> dropout 0.5 (training only) -> dense K (logits)
 * </pre>
 *
 * Glorot-uniform weights (Keras' default). Like {@link GanModel}s it only builds graphs.
 *
 * @param conv1 filters of the first convolution
 * @param conv2 filters of the second
 * @param features width of the penultimate (feature) layer
 * @param dropout rate of the dropout before the logits, in training only
 * @param image the input images' shape
 * @param classes K, the width of the logits
 */
public record ClassifierNet(
    int conv1, int conv2, int features, float dropout, ImageShape image, int classes) {
  /** Scope of the classifier's variables ("classifier/conv_1/kernel", ...). */
  public static final String SCOPE = "classifier";

  /** The bundled classifiers' input: MNIST and Fashion-MNIST images. */
  public static final ImageShape IMAGE = ImageShape.MNIST;

  /** The bundled classifiers' classes: digits, or Fashion-MNIST's ten kinds of clothing. */
  public static final int CLASSES = 10;

  /** An image folder's feature network predicts one of four rotations: 0, 90, 180, 270 degrees. */
  public static final int ROTATIONS = 4;

  static final int KERNEL = 5;
  static final int POOL = 2;

  /** The shipped classifiers' size: the classic Keras/TF MNIST CNN, 99%+ on MNIST in 3 epochs. */
  public static final ClassifierNet DEFAULT = digits(32, 64, 128, 0.5f);

  /** A classifier of MNIST-like images (28x28x1, 10 classes) with these widths. */
  public static ClassifierNet digits(int conv1, int conv2, int features, float dropout) {
    return new ClassifierNet(conv1, conv2, features, dropout, IMAGE, CLASSES);
  }

  /**
   * An image folder's feature network: the default widths on {@code image}, predicting rotations.
   */
  public static ClassifierNet rotations(ImageShape image) {
    return new ClassifierNet(
        DEFAULT.conv1, DEFAULT.conv2, DEFAULT.features, DEFAULT.dropout, image, ROTATIONS);
  }

  public ClassifierNet {
    if (conv1 < 1
        || conv2 < 1
        || features < 1
        || dropout < 0f
        || dropout >= 1f
        || classes < 2
        || image.height() % (POOL * POOL) != 0
        || image.width() % (POOL * POOL) != 0) {
      throw new IllegalArgumentException(
          "bad classifier widths "
              + conv1
              + "/"
              + conv2
              + "/"
              + features
              + " or dropout "
              + dropout
              + ", or "
              + classes
              + " classes of "
              + image
              + " images (height and width must divide by 4)");
    }
  }

  /** Both outputs of one application of the network. */
  public record Outputs(Operand<TFloat32> features, Operand<TFloat32> logits) {}

  /**
   * images [N, H, W, C] in [-1, 1] -> features [N, features], logits [N, K].
   *
   * @param training dropout on (training) or off (inference, export)
   */
  public Outputs build(VarScope scope, Operand<TFloat32> images, boolean training) {
    Initializer init = Initializer.glorotUniform();
    // [N, H, W, C] -> [N, H, W, conv1] -> [N, H/2, W/2, conv1]
    VarScope c1 = scope.child("conv_1");
    Ops tf = c1.ops();
    Operand<TFloat32> x =
        Pooling.maxPool(
            tf, tf.nn.relu(Convolutions.conv2d(c1, images, Conv.of(conv1, KERNEL, 1, init))), POOL);
    // [N, H/2, W/2, conv1] -> [N, H/2, W/2, conv2] -> [N, H/4, W/4, conv2]
    VarScope c2 = scope.child("conv_2");
    tf = c2.ops();
    x =
        Pooling.maxPool(
            tf, tf.nn.relu(Convolutions.conv2d(c2, x, Conv.of(conv2, KERNEL, 1, init))), POOL);
    // [N, H/4, W/4, conv2] -> [N, H/4*W/4*conv2] -> [N, features]
    VarScope dense = scope.child("dense");
    Operand<TFloat32> features =
        dense
            .ops()
            .nn
            .relu(Layers.dense(dense, Layers.flatten(scope.ops(), x), this.features, init));
    // [N, features] -> [N, K]
    VarScope out = scope.child("logits");
    Operand<TFloat32> dropped = Dropout.apply(out, features, dropout, training);
    return new Outputs(features, Layers.dense(out, dropped, classes, init));
  }
}
