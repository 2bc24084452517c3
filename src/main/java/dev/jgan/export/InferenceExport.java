package dev.jgan.export;

import dev.jgan.FileTrees;
import dev.jgan.nn.VariableStore;
import dev.jgan.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Exports one network of a trained GAN as a SavedModel with one signature: a clean inference graph
 * (the network alone, inference mode) whose variables are restored from a training checkpoint by
 * name. Written into a staging folder beside the target and moved into place whole.
 */
final class InferenceExport {
  static final String TAG = "serve";
  static final String METHOD = "tensorflow/serving/predict";

  /** One input of the signature: a placeholder of this name, type and shape. */
  record Input(String name, Class<? extends TType> type, Shape shape) {}

  /**
   * Builds the network in a fresh graph: input placeholders (in the order of the inputs) -> output,
   * under {@code store}.
   */
  @FunctionalInterface
  interface Network {
    Operand<TFloat32> build(Ops tf, VariableStore store, List<Operand<?>> inputs);
  }

  private InferenceExport() {}

  static void export(
      String checkpointPrefix,
      Path target,
      String signatureKey,
      List<Input> inputs,
      String outputName,
      Network network)
      throws IOException {
    FileTrees.writeFolder(
        target,
        staging -> write(checkpointPrefix, staging, signatureKey, inputs, outputName, network));
  }

  private static void write(
      String checkpointPrefix,
      Path exportDir,
      String signatureKey,
      List<Input> inputs,
      String outputName,
      Network network)
      throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Operand<?>> placeholders = new ArrayList<>();
      for (Input input : inputs) {
        placeholders.add(
            tf.withName(input.name()).placeholder(input.type(), Placeholder.shape(input.shape())));
      }
      VariableStore store = new VariableStore(tf, 0);
      Operand<TFloat32> output =
          tf.withName(outputName).identity(network.build(tf, store, placeholders));
      try (Session session = SessionOptions.processDefault().newSession(graph)) {
        session.restore(checkpointPrefix);
        Signature.Builder signature = Signature.builder(signatureKey).methodName(METHOD);
        for (int i = 0; i < inputs.size(); i++) {
          signature.input(inputs.get(i).name(), placeholders.get(i));
        }
        SavedModelBundle.exporter(exportDir.toString())
            .withTags(TAG)
            .withSession(session)
            .withSignature(signature.output(outputName, output).build())
            .export();
      }
    }
  }
}
