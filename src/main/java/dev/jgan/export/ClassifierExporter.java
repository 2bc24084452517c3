package dev.jgan.export;

import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained classifier as a SavedModel with two signatures on one input, {@code images}
 * float32 [N, H, W, C] in [-1, 1] ([N, 28, 28, 1] for the bundled ones):
 *
 * <ul>
 *   <li>{@code serving_default}: -> {@code logits} float32 [N, K] (softmax gives p(class));
 *   <li>{@code features}: -> {@code features} float32 [N, F], the penultimate layer (after its
 *       ReLU), the space where {@code gan evaluate} measures distances between image sets.
 * </ul>
 *
 * Inference mode (no dropout); only the classifier's variables, no optimizer state.
 */
public final class ClassifierExporter {
  public static final String TAG = InferenceExport.TAG;
  public static final String INPUT = "images";
  public static final String LOGITS_SIGNATURE = "serving_default";
  public static final String LOGITS = "logits";
  public static final String FEATURES_SIGNATURE = "features";
  public static final String FEATURES = "features";

  private ClassifierExporter() {}

  /**
   * @param checkpointPrefix a checkpoint of the training graph (from {@code Session.save})
   * @param target the SavedModel folder; written next to it first and moved into place whole
   */
  public static void export(ClassifierNet net, String checkpointPrefix, Path target)
      throws IOException {
    ImageShape image = net.image();
    Map<String, String> signatures = new LinkedHashMap<>();
    signatures.put(LOGITS_SIGNATURE, LOGITS);
    signatures.put(FEATURES_SIGNATURE, FEATURES);
    InferenceExport.export(
        checkpointPrefix,
        target,
        List.of(
            new InferenceExport.Input(
                INPUT,
                TFloat32.class,
                Shape.of(-1, image.height(), image.width(), image.channels()))),
        signatures,
        (tf, store, inputs) -> {
          @SuppressWarnings("unchecked")
          Operand<TFloat32> images = (Operand<TFloat32>) inputs.get(0);
          ClassifierNet.Outputs out =
              net.build(store.root().child(ClassifierNet.SCOPE), images, false);
          Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
          outputs.put(LOGITS, out.logits());
          outputs.put(FEATURES, out.features());
          return outputs;
        });
  }
}
