package dev.jgan.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every number of one row of the report: one image set compared with the test images. */
public record SetMetrics(
    double fid, Kid.Result kid, ClassStatistics classes, PrecisionRecall.Result precisionRecall) {

  public ObjectNode toJson() {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.put("fid", fid);
    row.put("kid", kid.mean());
    row.put("kid_std", kid.std());
    row.put("kid_subsets", kid.subsets());
    row.put("kid_subset_size", kid.subsetSize());
    row.put("classifier_score", classes.score());
    ArrayNode histogram = row.putArray("class_histogram");
    for (long n : classes.histogram()) {
      histogram.add(n);
    }
    row.put("class_entropy_nats", classes.entropy());
    row.put("precision", precisionRecall.precision());
    row.put("recall", precisionRecall.recall());
    row.put("density", precisionRecall.density());
    row.put("coverage", precisionRecall.coverage());
    return row;
  }

  public static SetMetrics fromJson(JsonNode row) {
    long[] histogram = new long[row.get("class_histogram").size()];
    for (int i = 0; i < histogram.length; i++) {
      histogram[i] = row.get("class_histogram").get(i).asLong();
    }
    return new SetMetrics(
        row.get("fid").asDouble(),
        new Kid.Result(
            row.get("kid").asDouble(),
            row.get("kid_std").asDouble(),
            row.get("kid_subsets").asInt(),
            row.get("kid_subset_size").asInt()),
        new ClassStatistics(
            row.get("classifier_score").asDouble(),
            histogram,
            row.get("class_entropy_nats").asDouble()),
        new PrecisionRecall.Result(
            row.get("precision").asDouble(),
            row.get("recall").asDouble(),
            row.get("density").asDouble(),
            row.get("coverage").asDouble()));
  }
}
