package dev.jgan.train;

import dev.jgan.model.GanModel;
import dev.jgan.nn.VarScope;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * D's logits on the real batch and on G's batch in the training graph, computed either in one pass
 * over both batches or in two (see {@link GanModel#discriminatorMixesBatch}). Both ways create D's
 * variables once, under the scope given, and share them.
 *
 * @param real D(x) [N, 1]
 * @param fake D(G(z)) [N, 1]
 * @param together whether both came from one pass (then {@link #fakeAlone} is another pass)
 */
public record DiscriminatorLogits(
    Operand<TFloat32> real, Operand<TFloat32> fake, boolean together) {

  /** One pass where the model allows it, else two. */
  public static DiscriminatorLogits of(
      GanModel model,
      VarScope discriminator,
      Operand<TFloat32> realImages,
      Operand<TInt32> realLabels,
      Operand<TFloat32> fakeImages,
      Operand<TInt32> fakeLabels) {
    return model.discriminatorMixesBatch()
        ? apart(model, discriminator, realImages, realLabels, fakeImages, fakeLabels)
        : together(model, discriminator, realImages, realLabels, fakeImages, fakeLabels);
  }

  /** Two passes: D(x), then D(G(z)) with the same variables. */
  static DiscriminatorLogits apart(
      GanModel model,
      VarScope discriminator,
      Operand<TFloat32> realImages,
      Operand<TInt32> realLabels,
      Operand<TFloat32> fakeImages,
      Operand<TInt32> fakeLabels) {
    Operand<TFloat32> real = model.discriminator(discriminator, realImages, realLabels, true);
    // Second application of D: same variables, created above; G's images with the asked classes.
    Operand<TFloat32> fake =
        model.discriminator(discriminator.reusing(), fakeImages, fakeLabels, true);
    return new DiscriminatorLogits(real, fake, false);
  }

  /**
   * One pass over concat(x, G(z)) [2N, H, W, C], split back into halves. Both batches must hold N
   * images (the training loop feeds as many noise vectors as real images).
   */
  static DiscriminatorLogits together(
      GanModel model,
      VarScope discriminator,
      Operand<TFloat32> realImages,
      Operand<TInt32> realLabels,
      Operand<TFloat32> fakeImages,
      Operand<TInt32> fakeLabels) {
    // Outside D's name scope: the batch is the caller's, not a layer of D.
    Ops tf = Ops.create(realImages.env()).withSubScope("real_and_fake");
    Operand<TInt32> batchAxis = tf.constant(0);
    Operand<TFloat32> images = tf.concat(List.of(realImages, fakeImages), batchAxis);
    Operand<TInt32> labels =
        realLabels == null ? null : tf.concat(List.of(realLabels, fakeLabels), batchAxis);
    Operand<TFloat32> logits = model.discriminator(discriminator, images, labels, true); // [2N, 1]
    List<Output<TFloat32>> halves = tf.split(batchAxis, logits, 2L).output(); // 2 x [N, 1]
    return new DiscriminatorLogits(halves.get(0), halves.get(1), true);
  }

  /** D(G(z)) alone, for a step that feeds no real batch: {@link #fake} when D ran apart. */
  Operand<TFloat32> fakeAlone(
      GanModel model,
      VarScope discriminator,
      Operand<TFloat32> fakeImages,
      Operand<TInt32> fakeLabels) {
    return together
        ? model.discriminator(discriminator.reusing(), fakeImages, fakeLabels, true)
        : fake;
  }
}
