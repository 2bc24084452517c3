package dev.jgan.export;

import dev.jgan.model.GanModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Writes the generator as a SavedModel that any TensorFlow runtime can serve (models/README.md).
 *
 * <p>Exporting the training session would ship the discriminator and optimizer slots, so this
 * builds a clean inference graph holding only G (same variable names, inference mode), restores its
 * variables from a training checkpoint and exports that.
 *
 * <p>A conditional generator takes a second input, {@code labels} int32 [N], and its graph holds a
 * scalar int32 constant {@value #CLASSES} = K (outside the signature), so that a SavedModel alone
 * tells which labels it accepts.
 */
public final class GeneratorExporter {
  public static final String TAG = InferenceExport.TAG;
  public static final String SIGNATURE = "serving_default";
  public static final String METHOD = InferenceExport.METHOD;
  public static final String INPUT = "z";
  public static final String LABELS = InferenceExport.LABELS;
  public static final String OUTPUT = "images";

  /** The EMA generator's variable scope is G's plus this ({@code generator_ema/...}). */
  public static final String EMA_SUFFIX = "_ema";

  /** Name of the constant holding a conditional generator's class count. */
  public static final String CLASSES = "num_classes";

  private GeneratorExporter() {}

  /** Exports the raw generator (the variables under {@code generator/}). */
  public static void export(GanModel model, String checkpointPrefix, Path target)
      throws IOException {
    export(model, checkpointPrefix, target, false);
  }

  /**
   * @param checkpointPrefix a checkpoint of the training graph (from {@code Session.save})
   * @param target the SavedModel folder; written next to it first and moved into place whole
   * @param averaged export the EMA generator ({@code generator_ema/}, see train/GeneratorEma)
   *     instead of the raw one: the same network, built on the shadow variables' names
   */
  public static void export(GanModel model, String checkpointPrefix, Path target, boolean averaged)
      throws IOException {
    String scope = averaged ? GanModel.GENERATOR + EMA_SUFFIX : GanModel.GENERATOR;
    List<InferenceExport.Input> inputs =
        InferenceExport.inputs(
            new InferenceExport.Input(INPUT, TFloat32.class, Shape.of(-1, model.latentDim())),
            model.conditional());
    InferenceExport.export(
        checkpointPrefix,
        target,
        SIGNATURE,
        inputs,
        OUTPUT,
        // [N, latent] (+ labels [N]) -> [N, H, W, C] in [-1, 1], batch norm on moving statistics,
        // no dropout
        (tf, store, in) -> {
          Operand<TInt32> labels = null;
          if (model.conditional()) {
            tf.withName(CLASSES).constant(model.classes());
            labels = cast(in.get(1), TInt32.class);
          }
          return model.generator(
              store.root().child(scope), cast(in.get(0), TFloat32.class), labels, false);
        });
  }

  @SuppressWarnings("unchecked")
  static <T extends org.tensorflow.types.family.TType> Operand<T> cast(
      Operand<?> operand, Class<T> type) {
    if (operand.type() != type) {
      throw new IllegalStateException(operand + " is not " + type.getSimpleName());
    }
    return (Operand<T>) operand;
  }
}
