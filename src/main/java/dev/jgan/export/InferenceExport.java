package dev.jgan.export;

import dev.jgan.FileTrees;
import dev.jgan.nn.VariableStore;
import dev.jgan.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Path;
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
 * Exports one network of a trained GAN as a SavedModel with one signature: a clean inference graph
 * (the network alone, inference mode) whose variables are restored from a training checkpoint by
 * name. Written into a staging folder beside the target and moved into place whole.
 */
final class InferenceExport {
  static final String TAG = "serve";
  static final String METHOD = "tensorflow/serving/predict";

  /** Builds the network in a fresh graph: input placeholder -> output, under {@code store}. */
  @FunctionalInterface
  interface Network {
    Operand<TFloat32> build(Ops tf, VariableStore store, Operand<TFloat32> input);
  }

  private InferenceExport() {}

  static void export(
      String checkpointPrefix,
      Path target,
      String signatureKey,
      String inputName,
      Shape inputShape,
      String outputName,
      Network network)
      throws IOException {
    FileTrees.writeFolder(
        target,
        staging ->
            write(
                checkpointPrefix,
                staging,
                signatureKey,
                inputName,
                inputShape,
                outputName,
                network));
  }

  private static void write(
      String checkpointPrefix,
      Path exportDir,
      String signatureKey,
      String inputName,
      Shape inputShape,
      String outputName,
      Network network)
      throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input =
          tf.withName(inputName).placeholder(TFloat32.class, Placeholder.shape(inputShape));
      VariableStore store = new VariableStore(tf, 0);
      Operand<TFloat32> output = tf.withName(outputName).identity(network.build(tf, store, input));
      try (Session session = SessionOptions.processDefault().newSession(graph)) {
        session.restore(checkpointPrefix);
        Signature signature =
            Signature.builder(signatureKey)
                .methodName(METHOD)
                .input(inputName, input)
                .output(outputName, output)
                .build();
        SavedModelBundle.exporter(exportDir.toString())
            .withTags(TAG)
            .withSession(session)
            .withSignature(signature)
            .export();
      }
    }
  }
}
