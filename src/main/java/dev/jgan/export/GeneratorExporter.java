package dev.jgan.export;

import dev.jgan.model.GanModel;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.ndarray.Shape;

/**
 * Writes the generator as a SavedModel that any TensorFlow runtime can serve (models/README.md).
 *
 * <p>Exporting the training session would ship the discriminator and optimizer slots, so this
 * builds a clean inference graph holding only G (same variable names, inference mode), restores its
 * variables from a training checkpoint and exports that.
 */
public final class GeneratorExporter {
  public static final String TAG = InferenceExport.TAG;
  public static final String SIGNATURE = "serving_default";
  public static final String METHOD = InferenceExport.METHOD;
  public static final String INPUT = "z";
  public static final String OUTPUT = "images";

  private GeneratorExporter() {}

  /**
   * @param checkpointPrefix a checkpoint of the training graph (from {@code Session.save})
   * @param target the SavedModel folder; written next to it first and moved into place whole
   */
  public static void export(GanModel model, String checkpointPrefix, Path target)
      throws IOException {
    InferenceExport.export(
        checkpointPrefix,
        target,
        SIGNATURE,
        INPUT,
        Shape.of(-1, model.latentDim()),
        OUTPUT,
        // [N, latent] -> [N, H, W, C] in [-1, 1], batch norm on moving statistics, no dropout
        (tf, store, z) -> model.generator(store.root().child(GanModel.GENERATOR), z, false));
  }
}
