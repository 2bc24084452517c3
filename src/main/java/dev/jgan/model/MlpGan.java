package dev.jgan.model;

import dev.jgan.nn.Initializer;
import dev.jgan.nn.Layers;
import dev.jgan.nn.VarScope;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The vanilla GAN of the seed tutorial: two multilayer perceptrons with LeakyReLU(0.2). G ends in
 * tanh so that its images share the data's [-1, 1] range; D ends in one logit.
 *
 * <p>Conditional (K classes): G's input is z ++ one-hot [N, latent + K]; D's is the flattened image
 * ++ one-hot [N, H*W*C + K] (for a dense layer the same as one-hot planes, with K inputs instead of
 * K*H*W).
 */
public final class MlpGan extends BaseGanModel {
  private final List<Integer> generatorHidden;
  private final List<Integer> discriminatorHidden;

  public MlpGan(
      int latentDim,
      ImageShape image,
      List<Integer> generatorHidden,
      List<Integer> discriminatorHidden) {
    this(latentDim, image, generatorHidden, discriminatorHidden, 0);
  }

  /**
   * @param classes K for a conditional GAN, 0 for an unconditional one
   */
  public MlpGan(
      int latentDim,
      ImageShape image,
      List<Integer> generatorHidden,
      List<Integer> discriminatorHidden,
      int classes) {
    super(latentDim, image, classes);
    this.generatorHidden = List.copyOf(generatorHidden);
    this.discriminatorHidden = List.copyOf(discriminatorHidden);
  }

  @Override
  public Operand<TFloat32> generator(
      VarScope scope, Operand<TFloat32> z, Operand<TInt32> labels, boolean training) {
    Operand<TFloat32> x = z; // [N, latent]
    if (Conditioning.check("mlp", classes, labels)) {
      x = Conditioning.appendOneHot(scope.ops(), z, labels, classes); // [N, latent + K]
    }
    int layer = 1;
    for (int width : generatorHidden) {
      VarScope dense = scope.child("dense_" + layer++);
      // [N, in] -> [N, width]
      x = Layers.leakyRelu(dense.ops(), Layers.dense(dense, x, width, Initializer.glorotUniform()));
    }
    VarScope out = scope.child("dense_" + layer);
    Ops tf = out.ops();
    // [N, in] -> [N, H*W*C] in [-1, 1]
    Operand<TFloat32> pixels =
        tf.math.tanh(Layers.dense(out, x, image.pixels(), Initializer.glorotUniform()));
    // [N, H*W*C] -> [N, H, W, C]
    return tf.reshape(
        pixels, tf.constant(new long[] {-1, image.height(), image.width(), image.channels()}));
  }

  @Override
  public Operand<TFloat32> discriminator(
      VarScope scope, Operand<TFloat32> images, Operand<TInt32> labels, boolean training) {
    // [N, H, W, C] -> [N, H*W*C]
    Operand<TFloat32> x = Layers.flatten(scope.ops(), images);
    if (Conditioning.check("mlp", classes, labels)) {
      x = Conditioning.appendOneHot(scope.ops(), x, labels, classes); // [N, H*W*C + K]
    }
    int layer = 1;
    for (int width : discriminatorHidden) {
      VarScope dense = scope.child("dense_" + layer++);
      // [N, in] -> [N, width]
      x = Layers.leakyRelu(dense.ops(), Layers.dense(dense, x, width, Initializer.glorotUniform()));
    }
    // [N, in] -> [N, 1] logit
    return Layers.dense(scope.child("logit"), x, 1, Initializer.glorotUniform());
  }
}
