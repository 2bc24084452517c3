package dev.jgan.export;

import dev.jgan.FileTrees;
import dev.jgan.nn.VariableStore;
import dev.jgan.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Exports one trained network as a SavedModel: a clean inference graph (the network alone,
 * inference mode) whose variables are restored from a training checkpoint by name, with one
 * signature per output, all on the same inputs. Written into a staging folder beside the target and
 * moved into place whole.
 */
final class InferenceExport {
  static final String TAG = "serve";
  static final String METHOD = "tensorflow/serving/predict";

  /** The second input of a conditional network's signature. */
  static final String LABELS = "labels";

  /** One input of the signatures: a placeholder of this name, type and shape. */
  record Input(String name, Class<? extends TType> type, Shape shape) {}

  /** {@code first}, then int32 [N] {@value #LABELS} when the network is conditional. */
  static List<Input> inputs(Input first, boolean conditional) {
    List<Input> inputs = new ArrayList<>();
    inputs.add(first);
    if (conditional) {
      inputs.add(new Input(LABELS, TInt32.class, Shape.of(-1)));
    }
    return inputs;
  }

  /**
   * Builds the network in a fresh graph: input placeholders (in the order of the inputs) -> output,
   * under {@code store}.
   */
  @FunctionalInterface
  interface Network {
    Operand<TFloat32> build(Ops tf, VariableStore store, List<Operand<?>> inputs);
  }

  /** Builds a network with several outputs, by output name (in signature order). */
  @FunctionalInterface
  interface MultiOutputNetwork {
    Map<String, Operand<TFloat32>> build(Ops tf, VariableStore store, List<Operand<?>> inputs);
  }

  private InferenceExport() {}

  /** One signature {@code signatureKey}: the inputs -> {@code outputName}. */
  static void export(
      String checkpointPrefix,
      Path target,
      String signatureKey,
      List<Input> inputs,
      String outputName,
      Network network)
      throws IOException {
    export(
        checkpointPrefix,
        target,
        inputs,
        Map.of(signatureKey, outputName),
        (tf, store, placeholders) -> Map.of(outputName, network.build(tf, store, placeholders)));
  }

  /**
   * @param signatures signature key -> the output (a key of what {@code network} returns) it serves
   */
  static void export(
      String checkpointPrefix,
      Path target,
      List<Input> inputs,
      Map<String, String> signatures,
      MultiOutputNetwork network)
      throws IOException {
    FileTrees.writeFolder(
        target, staging -> write(checkpointPrefix, staging, inputs, signatures, network));
  }

  private static void write(
      String checkpointPrefix,
      Path exportDir,
      List<Input> inputs,
      Map<String, String> signatures,
      MultiOutputNetwork network)
      throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Operand<?>> placeholders = new ArrayList<>();
      for (Input input : inputs) {
        placeholders.add(
            tf.withName(input.name()).placeholder(input.type(), Placeholder.shape(input.shape())));
      }
      VariableStore store = new VariableStore(tf, 0);
      Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
      network
          .build(tf, store, placeholders)
          .forEach((name, operand) -> outputs.put(name, tf.withName(name).identity(operand)));
      try (Session session = SessionOptions.processDefault().newSession(graph)) {
        session.restore(checkpointPrefix);
        SavedModelBundle.Exporter exporter =
            SavedModelBundle.exporter(exportDir.toString()).withTags(TAG).withSession(session);
        for (Map.Entry<String, String> s : signatures.entrySet()) {
          Operand<TFloat32> output = outputs.get(s.getValue());
          if (output == null) {
            throw new IllegalArgumentException(
                "signature " + s.getKey() + " names no output " + s.getValue());
          }
          Signature.Builder signature = Signature.builder(s.getKey()).methodName(METHOD);
          for (int i = 0; i < inputs.size(); i++) {
            signature.input(inputs.get(i).name(), placeholders.get(i));
          }
          exporter.withSignature(signature.output(s.getValue(), output).build());
        }
        exporter.export();
      }
    }
  }
}
