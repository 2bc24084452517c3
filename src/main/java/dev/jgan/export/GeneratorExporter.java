package dev.jgan.export;

import dev.jgan.FileTrees;
import dev.jgan.model.GanModel;
import dev.jgan.nn.VariableStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes the generator as a SavedModel that any TensorFlow runtime can serve (models/README.md).
 *
 * <p>Exporting the training session would ship the discriminator and optimizer slots, so this
 * builds a clean inference graph holding only G (same variable names, inference mode), restores its
 * variables from a training checkpoint and exports that.
 */
public final class GeneratorExporter {
  public static final String TAG = "serve";
  public static final String SIGNATURE = "serving_default";
  public static final String METHOD = "tensorflow/serving/predict";
  public static final String INPUT = "z";
  public static final String OUTPUT = "images";

  private GeneratorExporter() {}

  /**
   * @param checkpointPrefix a checkpoint of the training graph (from {@code Session.save})
   * @param target the SavedModel folder; written next to it first and moved into place whole
   */
  public static void export(GanModel model, String checkpointPrefix, Path target)
      throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + "-");
    Path exportDir = staging.resolve("model");
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> z =
          tf.withName(INPUT)
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, model.latentDim())));
      VariableStore store = new VariableStore(tf, 0);
      // [N, latent] -> [N, H, W, C] in [-1, 1], batch norm on moving statistics, no dropout
      Operand<TFloat32> images =
          tf.withName(OUTPUT)
              .identity(model.generator(store.root().child(GanModel.GENERATOR), z, false));
      try (Session session = new Session(graph)) {
        session.restore(checkpointPrefix);
        Signature signature =
            Signature.builder(SIGNATURE)
                .methodName(METHOD)
                .input(INPUT, z)
                .output(OUTPUT, images)
                .build();
        SavedModelBundle.exporter(exportDir.toString())
            .withTags(TAG)
            .withSession(session)
            .withSignature(signature)
            .export();
      }
      FileTrees.deleteRecursively(target);
      Files.move(exportDir, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileTrees.deleteRecursively(staging);
    }
  }
}
