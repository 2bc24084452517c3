package dev.jgan.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.JobDef;

/**
 * The hosts of a cluster in TensorFlow's own shape, {@code {"chief": ["host:port"], "worker":
 * ["host:port", ...]}}: from a cluster file, or from {@code TF_CONFIG} ({@code {"cluster": {...},
 * "task": {"type": "worker", "index": 1}}}) as TensorFlow users set it. The chief builds and runs
 * the graph and keeps the variables; each worker runs one tower (docs/DISTRIBUTED.md).
 */
public record ClusterSpec(String chief, List<String> workers) {
  public static final String CHIEF = "chief";
  public static final String WORKER = "worker";

  /** The environment variable TensorFlow reads the cluster and this process's task from. */
  public static final String TF_CONFIG = "TF_CONFIG";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One task of the cluster: its job (chief or worker) and index. */
  public record Task(String job, int index) {}

  /** A cluster and which task this process is, from {@code TF_CONFIG}. */
  public record Config(ClusterSpec cluster, Task task) {}

  public ClusterSpec {
    workers = List.copyOf(workers);
  }

  /** Reads a cluster file; any problem is bad input naming the file. */
  public static ClusterSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new BadInputException(
          "--cluster " + file + ": cannot read it (" + e.getMessage() + ")", e);
    }
    return parse(tree(text, "--cluster " + file), "--cluster " + file);
  }

  /** Reads {@code TF_CONFIG}'s value: the cluster and this process's task. */
  public static Config fromTfConfig(String value) {
    JsonNode root = tree(value, TF_CONFIG);
    JsonNode cluster = root.get("cluster");
    JsonNode task = root.get("task");
    if (cluster == null || task == null || !task.path("type").isTextual()) {
      throw new BadInputException(
          TF_CONFIG
              + " needs {\"cluster\": {\"chief\": [...], \"worker\": [...]}, \"task\": {\"type\":"
              + " \"worker\", \"index\": N}}, got: "
              + value);
    }
    ClusterSpec spec = parse(cluster, TF_CONFIG);
    Task t = new Task(task.get("type").asText(), task.path("index").asInt(0));
    spec.address(t); // checks the task exists
    return new Config(spec, t);
  }

  private static JsonNode tree(String text, String source) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new BadInputException(source + ": expected a JSON object, got: " + text.strip());
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInputException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static ClusterSpec parse(JsonNode cluster, String source) {
    String example = "; expected {\"chief\": [\"host:port\"], \"worker\": [\"host:port\", ...]}";
    for (Iterator<String> it = cluster.fieldNames(); it.hasNext(); ) {
      String job = it.next();
      if (!job.equals(CHIEF) && !job.equals(WORKER)) {
        throw new BadInputException(
            source
                + ": job '"
                + job
                + "' is not used (jgan replicates in-graph: the chief holds the variables, there"
                + " are no parameter servers)"
                + example);
      }
    }
    List<String> chief = addresses(cluster.get(CHIEF), CHIEF, source, example);
    List<String> workers = addresses(cluster.get(WORKER), WORKER, source, example);
    if (chief.size() != 1 || workers.isEmpty()) {
      throw new BadInputException(
          source
              + ": needs exactly one chief and at least one worker, got "
              + chief.size()
              + " and "
              + workers.size()
              + example);
    }
    List<String> all = new ArrayList<>(workers);
    all.add(chief.get(0));
    if (all.stream().distinct().count() != all.size()) {
      throw new BadInputException(source + ": an address is given twice: " + all);
    }
    return new ClusterSpec(chief.get(0), workers);
  }

  private static List<String> addresses(JsonNode list, String job, String source, String example) {
    List<String> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    if (!list.isArray()) {
      throw new BadInputException(source + ": '" + job + "' must be a list" + example);
    }
    for (JsonNode entry : list) {
      String address = entry.asText("");
      if (!entry.isTextual() || port(address) < 1) {
        throw new BadInputException(
            source
                + ": '"
                + entry
                + "' in '"
                + job
                + "' is not host:port (port 1-65535)"
                + example);
      }
      out.add(address);
    }
    return out;
  }

  /** The port of "host:port", or -1. */
  static int port(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 1) {
      return -1;
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      return port >= 1 && port <= 65535 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The host of "host:port". */
  static String host(String address) {
    return address.substring(0, address.lastIndexOf(':'));
  }

  /**
   * The address of {@code task}.
   *
   * @throws BadInputException for an unknown job or an index out of range
   */
  public String address(Task task) {
    if (task.job().equals(CHIEF) && task.index() == 0) {
      return chief;
    }
    if (task.job().equals(WORKER) && task.index() >= 0 && task.index() < workers.size()) {
      return workers.get(task.index());
    }
    throw new BadInputException(
        "task "
            + task.job()
            + ":"
            + task.index()
            + " is not in the cluster: it has chief 0 and worker 0 to "
            + (workers.size() - 1));
  }

  /** The port the chief serves on. */
  public int chiefPort() {
    return port(chief);
  }

  /** TensorFlow's ClusterDef of these jobs. */
  public ClusterDef clusterDef() {
    JobDef.Builder worker = JobDef.newBuilder().setName(WORKER);
    for (int i = 0; i < workers.size(); i++) {
      worker.putTasks(i, workers.get(i));
    }
    return ClusterDef.newBuilder()
        .addJob(JobDef.newBuilder().setName(CHIEF).putAllTasks(Map.of(0, chief)))
        .addJob(worker)
        .build();
  }

  /**
   * The towers of a cluster run: one per worker task, on the task's first device (a GPU if any).
   */
  public TowerDevices towers() {
    List<String> devices = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      devices.add("/job:" + WORKER + "/replica:0/task:" + i);
    }
    return new TowerDevices(
        devices, 0, List.of(), "/job:" + CHIEF + "/replica:0/task:0/device:CPU:0");
  }
}
