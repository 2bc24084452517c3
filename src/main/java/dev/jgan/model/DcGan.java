package dev.jgan.model;

import dev.jgan.nn.Convolutions;
import dev.jgan.nn.Convolutions.Conv;
import dev.jgan.nn.Dropout;
import dev.jgan.nn.Initializer;
import dev.jgan.nn.Layers;
import dev.jgan.nn.VarScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The MNIST DCGAN of the Keras tutorials (28x28x1): a dense projection to 7x7x128 and two stride-2
 * transposed convolutions up to 28x28; D is two stride-2 convolutions with dropout and a dense
 * logit. No batch norm; LeakyReLU(0.2) everywhere, Glorot-uniform weights (Keras' default).
 *
 * <p>Conditional (K classes): G's input is z ++ one-hot [N, latent + K]; D's is the image with K
 * one-hot planes [N, 28, 28, 1 + K].
 */
public final class DcGan extends BaseGanModel {
  public static final ImageShape IMAGE = ImageShape.MNIST;

  private static final int PROJECTED_SIZE = 7;
  private static final int G_FILTERS = 128;
  private static final int D_FILTERS = 64;

  /**
   * How the networks meet the [-1, 1] images of the contract. {@code TANH}: G ends in tanh and D
   * reads [-1, 1], the tutorial's [-1, 1] extension, whose generator dies (every pixel -1) within
   * an epoch, here and in PyTorch and Keras (docs/DESIGN.md, "Decisions"; reproduced by a
   * conditional run here). {@code SIGMOID}: G ends in 2 sigmoid(a) - 1 and D first maps its input
   * back to [0, 1], so both networks learn exactly as in the tutorial's original [0, 1] pipeline
   * (sigmoid output), which trains: tanh(a) = 2 sigmoid(2a) - 1, so the tanh variant moves G's
   * output pre-activation twice as fast per Adam step and feeds D inputs twice as large, and D wins
   * before G has learnt shapes.
   */
  public enum Output {
    TANH,
    SIGMOID
  }

  private final float dropout;
  private final Output output;

  public DcGan(int latentDim, float dropout) {
    this(latentDim, dropout, 0, Output.TANH);
  }

  /**
   * @param classes K for a conditional GAN, 0 for an unconditional one
   */
  public DcGan(int latentDim, float dropout, int classes) {
    this(latentDim, dropout, classes, Output.TANH);
  }

  public DcGan(int latentDim, float dropout, int classes, Output output) {
    super(latentDim, IMAGE, classes);
    this.dropout = dropout;
    this.output = output;
  }

  @Override
  public Operand<TFloat32> generator(
      VarScope scope, Operand<TFloat32> z, Operand<TInt32> labels, boolean training) {
    Initializer init = Initializer.glorotUniform();
    if (Conditioning.check("dcgan", classes, labels)) {
      z = Conditioning.appendOneHot(scope.ops(), z, labels, classes); // [N, latent + K]
    }
    VarScope project = scope.child("dense");
    Ops tf = project.ops();
    // [N, latent (+ K)] -> [N, 7*7*128]
    Operand<TFloat32> x =
        Layers.leakyRelu(
            tf, Layers.dense(project, z, PROJECTED_SIZE * PROJECTED_SIZE * G_FILTERS, init));
    // [N, 7*7*128] -> [N, 7, 7, 128]
    x = tf.reshape(x, tf.constant(new long[] {-1, PROJECTED_SIZE, PROJECTED_SIZE, G_FILTERS}));
    // [N, 7, 7, 128] -> [N, 14, 14, 128]
    VarScope up1 = scope.child("conv_transpose_1");
    x =
        Layers.leakyRelu(
            up1.ops(), Convolutions.conv2dTranspose(up1, x, Conv.of(G_FILTERS, 4, 2, init)));
    // [N, 14, 14, 128] -> [N, 28, 28, 128]
    VarScope up2 = scope.child("conv_transpose_2");
    x =
        Layers.leakyRelu(
            up2.ops(), Convolutions.conv2dTranspose(up2, x, Conv.of(G_FILTERS, 4, 2, init)));
    // [N, 28, 28, 128] -> [N, 28, 28, 1] in [-1, 1]
    VarScope out = scope.child("conv_out");
    Operand<TFloat32> logits = Convolutions.conv2d(out, x, Conv.of(1, 7, 1, init));
    Ops ops = out.ops();
    return output == Output.TANH
        ? ops.math.tanh(logits)
        : ops.math.sub(ops.math.mul(ops.math.sigmoid(logits), ops.constant(2f)), ops.constant(1f));
  }

  @Override
  public Operand<TFloat32> discriminator(
      VarScope scope, Operand<TFloat32> images, Operand<TInt32> labels, boolean training) {
    Initializer init = Initializer.glorotUniform();
    Ops ops = scope.ops();
    // [-1, 1] -> [0, 1] for the SIGMOID recipe (see Output)
    Operand<TFloat32> x =
        output == Output.TANH
            ? images
            : ops.math.mul(ops.math.add(images, ops.constant(1f)), ops.constant(0.5f));
    if (Conditioning.check("dcgan", classes, labels)) {
      x = Conditioning.appendPlanes(ops, x, labels, classes); // [N, 28, 28, 1 + K]
    }
    for (int layer = 1; layer <= 2; layer++) {
      VarScope conv = scope.child("conv_" + layer);
      // [N, 28, 28, 1 (+ K)] -> [N, 14, 14, 64], then [N, 14, 14, 64] -> [N, 7, 7, 64]
      x =
          Layers.leakyRelu(
              conv.ops(), Convolutions.conv2d(conv, x, Conv.of(D_FILTERS, 3, 2, init)));
      x = Dropout.apply(conv, x, dropout, training);
    }
    // [N, 7, 7, 64] -> [N, 3136] -> [N, 1] logit
    return Layers.dense(scope.child("logit"), Layers.flatten(scope.ops(), x), 1, init);
  }
}
