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

/**
 * The MNIST DCGAN of the Keras tutorials (28x28x1): a dense projection to 7x7x128 and two stride-2
 * transposed convolutions up to 28x28; D is two stride-2 convolutions with dropout and a dense
 * logit. No batch norm; LeakyReLU(0.2) everywhere, Glorot-uniform weights (Keras' default).
 */
public final class DcGan implements GanModel {
  public static final ImageShape IMAGE = ImageShape.MNIST;

  /** The tutorial's D dropout: D learns MNIST fast, dropout keeps it from winning outright. */
  public static final float TUTORIAL_DROPOUT = 0.4f;

  private static final int PROJECTED_SIZE = 7;
  private static final int G_FILTERS = 128;
  private static final int D_FILTERS = 64;

  private final int latentDim;
  private final float dropout;

  public DcGan(int latentDim, float dropout) {
    this.latentDim = latentDim;
    this.dropout = dropout;
  }

  @Override
  public int latentDim() {
    return latentDim;
  }

  @Override
  public ImageShape imageShape() {
    return IMAGE;
  }

  @Override
  public Operand<TFloat32> generator(VarScope scope, Operand<TFloat32> z, boolean training) {
    Initializer init = Initializer.glorotUniform();
    VarScope project = scope.child("dense");
    Ops tf = project.ops();
    // [N, latent] -> [N, 7*7*128]
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
    return out.ops().math.tanh(Convolutions.conv2d(out, x, Conv.of(1, 7, 1, init)));
  }

  @Override
  public Operand<TFloat32> discriminator(
      VarScope scope, Operand<TFloat32> images, boolean training) {
    Initializer init = Initializer.glorotUniform();
    Operand<TFloat32> x = images;
    for (int layer = 1; layer <= 2; layer++) {
      VarScope conv = scope.child("conv_" + layer);
      // [N, 28, 28, 1] -> [N, 14, 14, 64], then [N, 14, 14, 64] -> [N, 7, 7, 64]
      x =
          Layers.leakyRelu(
              conv.ops(), Convolutions.conv2d(conv, x, Conv.of(D_FILTERS, 3, 2, init)));
      x = Dropout.apply(conv, x, dropout, training);
    }
    // [N, 7, 7, 64] -> [N, 3136] -> [N, 1] logit
    return Layers.dense(scope.child("logit"), Layers.flatten(scope.ops(), x), 1, init);
  }
}
