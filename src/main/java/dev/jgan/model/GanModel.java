package dev.jgan.model;

import dev.jgan.nn.VarScope;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A generator/discriminator pair. Implementations only build graphs: they own no Session and create
 * every variable through the scope they are given, so the caller decides where the variables live
 * and whether a second build shares them.
 *
 * <p>A conditional model ({@link #classes()} &gt; 0) takes class labels, int32 [N] in [0, classes),
 * in both networks (see {@link Conditioning}); an unconditional one takes none (labels null).
 */
public interface GanModel {
  /** Scope name of the generator's variables. */
  String GENERATOR = "generator";

  /** Scope name of the discriminator's variables. */
  String DISCRIMINATOR = "discriminator";

  int latentDim();

  ImageShape imageShape();

  /** Number of classes K of a conditional model; 0 for an unconditional one. */
  int classes();

  default boolean conditional() {
    return classes() > 0;
  }

  /**
   * G: z [N, latentDim] (and labels [N]) -> images [N, H, W, C] in [-1, 1].
   *
   * @param labels int32 [N] in [0, classes) for a conditional model, null for an unconditional one
   * @param training batch statistics and dropout on (training) or moving statistics and no dropout
   *     (inference: sample grids and the exported model)
   */
  Operand<TFloat32> generator(
      VarScope scope, Operand<TFloat32> z, Operand<TInt32> labels, boolean training);

  /**
   * D: images [N, H, W, C] (and labels [N]) -> logits [N, 1] (real = positive).
   *
   * @param labels int32 [N] for a conditional model, null for an unconditional one
   */
  Operand<TFloat32> discriminator(
      VarScope scope, Operand<TFloat32> images, Operand<TInt32> labels, boolean training);

  /** G of an unconditional model. */
  default Operand<TFloat32> generator(VarScope scope, Operand<TFloat32> z, boolean training) {
    return generator(scope, z, null, training);
  }

  /** D of an unconditional model. */
  default Operand<TFloat32> discriminator(
      VarScope scope, Operand<TFloat32> images, boolean training) {
    return discriminator(scope, images, null, training);
  }
}
