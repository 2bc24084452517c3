package dev.jgan.export;

import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.ndarray.Shape;

/**
 * Writes the discriminator as a SavedModel for users who want the critic: signature {@code
 * discriminate}, input {@code images} float32 [N, H, W, C] in [-1, 1] -> output {@code probability}
 * float32 [N, 1], D's belief that each image is real (sigmoid of its logit).
 */
public final class DiscriminatorExporter {
  public static final String SIGNATURE = "discriminate";
  public static final String INPUT = "images";
  public static final String OUTPUT = "probability";

  private DiscriminatorExporter() {}

  public static void export(GanModel model, String checkpointPrefix, Path target)
      throws IOException {
    ImageShape image = model.imageShape();
    InferenceExport.export(
        checkpointPrefix,
        target,
        SIGNATURE,
        INPUT,
        Shape.of(-1, image.height(), image.width(), image.channels()),
        OUTPUT,
        // [N, H, W, C] -> logits [N, 1] -> probability real [N, 1]; no dropout
        (tf, store, images) ->
            tf.math.sigmoid(
                model.discriminator(store.root().child(GanModel.DISCRIMINATOR), images, false)));
  }
}
