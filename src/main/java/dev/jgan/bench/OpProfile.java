package dev.jgan.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a step's time goes: TensorFlow's step stats (FULL_TRACE) summed by op type. Ops run in
 * parallel, so the sum exceeds the wall time; the shares still rank what to optimize.
 */
final class OpProfile {
  private final Map<String, Long> microsByType = new TreeMap<>();
  private int steps;
  private long nodes;

  /** Adds one traced Session.run. */
  void add(RunMetadata metadata) {
    steps++;
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        microsByType.merge(opType(node), node.getAllEndRelMicros(), Long::sum);
        nodes++;
      }
    }
  }

  int runs() {
    return steps;
  }

  /**
   * Ops executed (kernels run, on every device) in all traced runs: divided by the steps traced, a
   * step's kernel count, which on a GPU sets its launch overhead.
   */
  long nodes() {
    return nodes;
  }

  /** The {@code count} op types with the most time, with their share of all op time. */
  Map<String, Double> top(int count) {
    double total = microsByType.values().stream().mapToLong(Long::longValue).sum();
    return microsByType.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(count)
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue() / total, (a, b) -> a, LinkedHashMap::new));
  }

  /** "name = Type(inputs)" in the timeline label; the node name where there is none. */
  private static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', eq + 3);
    if (eq < 0 || paren < 0) {
      return node.getNodeName();
    }
    return label.substring(eq + 3, paren);
  }
}
