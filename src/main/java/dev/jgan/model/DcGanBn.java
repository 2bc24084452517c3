package dev.jgan.model;

import dev.jgan.nn.BatchNorm;
import dev.jgan.nn.Convolutions;
import dev.jgan.nn.Convolutions.Conv;
import dev.jgan.nn.Initializer;
import dev.jgan.nn.Layers;
import dev.jgan.nn.VarScope;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The batch-norm DCGAN of Radford et al. (2016), as in the TF1 reference code: G projects z to [4,
 * 4, 8g] and doubles the size with 5x5 stride-2 transposed convolutions, halving the channels, with
 * batch norm and ReLU on every layer but the last (tanh); D mirrors it with 5x5 stride-2
 * convolutions, LeakyReLU(0.2) and batch norm on every layer but the first, then a dense logit.
 * Every weight starts from N(0, 0.02), the paper's choice.
 *
 * <p>For 64x64 with g = 64: G [4,4,512] -> [8,8,256] -> [16,16,128] -> [32,32,64] -> [64,64,C]; D
 * [64,64,C] -> [32,32,64] -> [16,16,128] -> [8,8,256] -> [4,4,512] -> logit. For 32x32 there is one
 * layer less on each side and G starts at [4, 4, 4g].
 *
 * <p>Conditional (K classes): G's input is z ++ one-hot [N, latent + K]; D's is the image with K
 * one-hot planes [N, size, size, C + K].
 */
public final class DcGanBn extends BaseGanModel {
  public static final Set<Integer> SIZES = Set.of(32, 64);
  public static final Set<Integer> CHANNELS = Set.of(1, 3);

  /** The paper's initialization of every weight. */
  public static final float INIT_STDDEV = 0.02f;

  private static final int START_SIZE = 4;
  private static final int KERNEL = 5;

  private final int baseWidth;
  private final int layers; // stride-2 layers on each side: log2(size / 4)

  public DcGanBn(int latentDim, ImageShape image, int baseWidth) {
    this(latentDim, image, baseWidth, 0);
  }

  /**
   * @param classes K for a conditional GAN, 0 for an unconditional one
   */
  public DcGanBn(int latentDim, ImageShape image, int baseWidth, int classes) {
    super(latentDim, checked(image), classes);
    this.baseWidth = baseWidth;
    this.layers = Integer.numberOfTrailingZeros(image.height() / START_SIZE);
  }

  private static ImageShape checked(ImageShape image) {
    if (image.height() != image.width() || !SIZES.contains(image.height())) {
      throw new IllegalArgumentException("dcgan-bn makes 32x32 or 64x64 images, not " + image);
    }
    return image;
  }

  @Override
  public Operand<TFloat32> generator(
      VarScope scope, Operand<TFloat32> z, Operand<TInt32> labels, boolean training) {
    Initializer init = Initializer.normal(INIT_STDDEV);
    if (Conditioning.check("dcgan-bn", classes, labels)) {
      z = Conditioning.appendOneHot(scope.ops(), z, labels, classes); // [N, latent + K]
    }
    int channels = baseWidth << (layers - 1);
    VarScope project = scope.child("project");
    Ops tf = project.ops();
    // [N, latent (+ K)] -> [N, 4*4*channels] -> [N, 4, 4, channels]
    Operand<TFloat32> x = Layers.dense(project, z, START_SIZE * START_SIZE * channels, init);
    x = tf.reshape(x, tf.constant(new long[] {-1, START_SIZE, START_SIZE, channels}));
    x = tf.nn.relu(BatchNorm.apply(project.child("batch_norm"), x, training));
    for (int layer = 1; layer < layers; layer++) {
      channels /= 2;
      VarScope up = scope.child("conv_transpose_" + layer);
      // [N, s, s, 2c] -> [N, 2s, 2s, c]
      x = Convolutions.conv2dTranspose(up, x, Conv.of(channels, KERNEL, 2, init).withoutBias());
      x = up.ops().nn.relu(BatchNorm.apply(up.child("batch_norm"), x, training));
    }
    VarScope out = scope.child("conv_transpose_" + layers);
    // [N, size/2, size/2, g] -> [N, size, size, C] in [-1, 1]
    return out.ops()
        .math
        .tanh(Convolutions.conv2dTranspose(out, x, Conv.of(image.channels(), KERNEL, 2, init)));
  }

  @Override
  public Operand<TFloat32> discriminator(
      VarScope scope, Operand<TFloat32> images, Operand<TInt32> labels, boolean training) {
    Initializer init = Initializer.normal(INIT_STDDEV);
    Operand<TFloat32> x = images;
    if (Conditioning.check("dcgan-bn", classes, labels)) {
      x = Conditioning.appendPlanes(scope.ops(), images, labels, classes); // [N, s, s, C + K]
    }
    int channels = baseWidth;
    for (int layer = 1; layer <= layers; layer++) {
      VarScope conv = scope.child("conv_" + layer);
      // [N, s, s, c] -> [N, s/2, s/2, channels]; no batch norm on the first layer (the paper)
      boolean normalize = layer > 1;
      Conv spec = Conv.of(channels, KERNEL, 2, init);
      x = Convolutions.conv2d(conv, x, normalize ? spec.withoutBias() : spec);
      if (normalize) {
        x = BatchNorm.apply(conv.child("batch_norm"), x, training);
      }
      x = Layers.leakyRelu(conv.ops(), x);
      channels *= 2;
    }
    // [N, 4, 4, 8g] -> [N, 16*8g] -> [N, 1] logit
    return Layers.dense(scope.child("logit"), Layers.flatten(scope.ops(), x), 1, init);
  }
}
