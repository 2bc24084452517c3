package dev.jgan.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.api.Generator;

/**
 * The bodies of TensorFlow Serving's {@code GET /v1/models/NAME} (GetModelStatusResponse) and
 * {@code GET /v1/models/NAME/metadata} (GetModelMetadataResponse with the SignatureDefMap), in the
 * proto3 JSON TF Serving prints: snake_case names, 64-bit numbers as strings.
 */
final class ModelStatusJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ModelStatusJson() {}

  static ObjectNode status(long version) {
    ObjectNode entry = NODES.objectNode();
    entry.put("version", Long.toString(version));
    entry.put("state", "AVAILABLE");
    ObjectNode status = entry.putObject("status");
    status.put("error_code", "OK");
    status.put("error_message", "");
    ObjectNode root = NODES.objectNode();
    root.putArray("model_version_status").add(entry);
    return root;
  }

  static ObjectNode metadata(String name, long version, Generator g) {
    ObjectNode root = NODES.objectNode();
    ObjectNode spec = root.putObject("model_spec");
    spec.put("name", name);
    spec.put("signature_name", "");
    spec.put("version", Long.toString(version));
    ObjectNode signature =
        root.putObject("metadata")
            .putObject("signature_def")
            .putObject("signature_def")
            .putObject("serving_default");
    ObjectNode inputs = signature.putObject("inputs");
    inputs.set("z", tensor("DT_FLOAT", "z:0", -1, g.latentSize()));
    if (g.conditional()) {
      inputs.set("labels", tensor("DT_INT32", "labels:0", -1));
    }
    signature
        .putObject("outputs")
        .set("images", tensor("DT_FLOAT", "images:0", -1, g.height(), g.width(), g.channels()));
    signature.put("method_name", "tensorflow/serving/predict");
    return root;
  }

  private static ObjectNode tensor(String dtype, String tensorName, long... dims) {
    ObjectNode tensor = NODES.objectNode();
    tensor.put("dtype", dtype);
    ObjectNode shape = tensor.putObject("tensor_shape");
    ArrayNode dim = shape.putArray("dim");
    for (long size : dims) {
      dim.addObject().put("size", Long.toString(size)).put("name", "");
    }
    shape.put("unknown_rank", false);
    tensor.put("name", tensorName);
    return tensor;
  }
}
