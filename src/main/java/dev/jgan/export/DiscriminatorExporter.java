package dev.jgan.export;

import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Writes the discriminator as a SavedModel for users who want the critic: signature {@code
 * discriminate}, input {@code images} float32 [N, H, W, C] in [-1, 1] (and, conditional, {@code
 * labels} int32 [N]) -> output {@code probability} float32 [N, 1], D's belief that each image is
 * real (sigmoid of its logit).
 */
public final class DiscriminatorExporter {
  public static final String SIGNATURE = "discriminate";
  public static final String INPUT = "images";
  public static final String LABELS = InferenceExport.LABELS;
  public static final String OUTPUT = "probability";

  private DiscriminatorExporter() {}

  public static void export(GanModel model, String checkpointPrefix, Path target)
      throws IOException {
    ImageShape image = model.imageShape();
    List<InferenceExport.Input> inputs =
        InferenceExport.inputs(
            new InferenceExport.Input(
                INPUT,
                TFloat32.class,
                Shape.of(-1, image.height(), image.width(), image.channels())),
            model.conditional());
    InferenceExport.export(
        checkpointPrefix,
        target,
        SIGNATURE,
        inputs,
        OUTPUT,
        // [N, H, W, C] (+ labels [N]) -> logits [N, 1] -> probability real [N, 1]; no dropout
        (tf, store, in) ->
            tf.math.sigmoid(
                model.discriminator(
                    store.root().child(GanModel.DISCRIMINATOR),
                    GeneratorExporter.cast(in.get(0), TFloat32.class),
                    model.conditional() ? GeneratorExporter.cast(in.get(1), TInt32.class) : null,
                    false)));
  }
}
