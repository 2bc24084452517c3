package dev.jgan.model;

import dev.jgan.nn.VarScope;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A generator/discriminator pair. Implementations only build graphs: they own no Session and create
 * every variable through the scope they are given, so the caller decides where the variables live
 * and whether a second build shares them.
 */
public interface GanModel {
  /** Scope name of the generator's variables. */
  String GENERATOR = "generator";

  /** Scope name of the discriminator's variables. */
  String DISCRIMINATOR = "discriminator";

  int latentDim();

  ImageShape imageShape();

  /**
   * G: z [N, latentDim] -> images [N, H, W, C] in [-1, 1].
   *
   * @param training batch statistics and dropout on (training) or moving statistics and no dropout
   *     (inference: sample grids and the exported model)
   */
  Operand<TFloat32> generator(VarScope scope, Operand<TFloat32> z, boolean training);

  /** D: images [N, H, W, C] -> logits [N, 1] (real = positive). */
  Operand<TFloat32> discriminator(VarScope scope, Operand<TFloat32> images, boolean training);
}
