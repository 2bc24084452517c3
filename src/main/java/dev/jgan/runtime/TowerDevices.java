package dev.jgan.runtime;

import dev.jgan.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The devices of data-parallel towers ({@code --devices}): one tower per device, each running G and
 * D on its shard of the batch with the one set of variables (docs/DESIGN.md, "Towers").
 *
 * @param devices TensorFlow names of the towers' devices, in tower order ("/device:GPU:1"); empty
 *     when there are no towers (one device, the graph of a plain run)
 * @param virtualCpus how many CPU devices the session must create ({@code
 *     ConfigProto.device_count}; 0 keeps TensorFlow's one): virtual CPUs, for tests of towers on a
 *     machine without GPUs
 * @param cudaOrdinals the CUDA devices TensorFlow is shown ({@code visible_device_list}), in tower
 *     order; inside the process they are renumbered /device:GPU:0, 1, ...; empty for CPU towers
 * @param placedParameters the device of the variables when it is not the first tower's (a cluster's
 *     chief), else null
 */
public record TowerDevices(
    List<String> devices, int virtualCpus, List<Integer> cudaOrdinals, String placedParameters) {
  /** No towers: the plain single-device graph. */
  public static final TowerDevices NONE = new TowerDevices(List.of(), 0, List.of());

  /** Towers whose parameters live on the first tower's device. */
  public TowerDevices(List<String> devices, int virtualCpus, List<Integer> cudaOrdinals) {
    this(devices, virtualCpus, cudaOrdinals, null);
  }

  /** The most towers accepted: more is surely a typo, and each one is a copy of the networks. */
  static final int MAX_TOWERS = 64;

  public TowerDevices {
    devices = List.copyOf(devices);
    cudaOrdinals = List.copyOf(cudaOrdinals);
  }

  /** {@code count} towers on as many virtual CPU devices (/device:CPU:0 ... CPU:count-1). */
  public static TowerDevices virtualCpus(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("/device:CPU:" + i);
    }
    return new TowerDevices(names, count, List.of());
  }

  /** One tower per CUDA device, in this order. */
  public static TowerDevices gpus(List<Integer> ordinals) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ordinals.size(); i++) {
      names.add("/device:GPU:" + i);
    }
    return new TowerDevices(names, 0, ordinals);
  }

  /**
   * Parses {@code --devices}: {@code all} (every GPU TensorFlow sees), {@code gpu:0,gpu:1} (CUDA
   * numbers, each once) or {@code cpu:0,cpu:1,...} (that many virtual CPU devices, numbered from 0
   * in order).
   *
   * @param visibleGpus lists the GPUs TensorFlow sees ("gpu:0", ...); asked only for {@code all} (a
   *     named GPU is checked by opening the session that will train, see {@code Devices})
   * @throws BadInputException naming the value and the accepted forms
   */
  public static TowerDevices parse(String value, Supplier<List<String>> visibleGpus) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("all")) {
      List<String> gpus = visibleGpus.get();
      if (gpus.isEmpty()) {
        throw new BadInputException(
            "--devices all: TensorFlow sees no GPU here (run ./gan doctor); on a CPU, leave"
                + " --devices out (virtual CPU towers, cpu:0,cpu:1, are for tests: they share the"
                + " same cores)");
      }
      List<Integer> ordinals = new ArrayList<>();
      gpus.forEach(gpu -> ordinals.add(Integer.parseInt(gpu.substring(4))));
      return gpus(ordinals);
    }
    String[] parts = v.split(",", -1);
    if (parts.length < 2 || parts.length > MAX_TOWERS) {
      throw bad(value, "name 2 to " + MAX_TOWERS + " devices");
    }
    boolean cpu = parts[0].startsWith("cpu:");
    List<Integer> numbers = new ArrayList<>();
    for (String part : parts) {
      String p = part.trim();
      if (!p.matches((cpu ? "cpu" : "gpu") + ":[0-9]{1,4}")) {
        throw bad(value, "'" + part + "' is not " + (cpu ? "cpu:N" : "gpu:N") + " (no mixing)");
      }
      int n = Integer.parseInt(p.substring(4));
      if (numbers.contains(n)) {
        throw bad(value, p + " is named twice");
      }
      numbers.add(n);
    }
    if (cpu) {
      for (int i = 0; i < numbers.size(); i++) {
        if (numbers.get(i) != i) {
          throw bad(value, "virtual CPUs are numbered cpu:0,cpu:1,... in order");
        }
      }
      return virtualCpus(numbers.size());
    }
    return gpus(numbers);
  }

  private static BadInputException bad(String value, String why) {
    return new BadInputException(
        "--devices "
            + value
            + ": "
            + why
            + "; expected all, gpu:0,gpu:1 (CUDA numbers) or cpu:0,cpu:1 (virtual CPU devices, for"
            + " tests)");
  }

  /**
   * Where the variables, the whole batch's inputs, the gradient means and the updates live: the
   * first tower's device, so a tower never waits on a third device and one GPU holds the weights.
   */
  public String parameterDevice() {
    return placedParameters != null ? placedParameters : devices.get(0);
  }

  /**
   * The first {@code n} towers on the same session devices (the same virtual CPUs, the same visible
   * GPUs: TensorFlow fixes its GPU numbering once per process), e.g. to measure 1, 2, ... towers.
   */
  public TowerDevices first(int n) {
    return new TowerDevices(devices.subList(0, n), virtualCpus, cudaOrdinals, placedParameters);
  }

  /** How many towers: 0 or 1 means the plain graph. */
  public int count() {
    return devices.size();
  }

  /**
   * Whether the graph is built as towers: two or more devices, or one whose parameters live
   * elsewhere (a cluster of one worker).
   */
  public boolean split() {
    return devices.size() > 1 || (placedParameters != null && !devices.isEmpty());
  }

  /**
   * The per-tower share of {@code batchSize}.
   *
   * @throws BadInputException when the batch does not split evenly (the towers' losses are averaged
   *     with equal weights, which is the full batch's mean only for equal shards)
   */
  public int shard(int batchSize) {
    if (!split()) {
      return batchSize;
    }
    if (batchSize % count() != 0 || batchSize < count()) {
      throw new BadInputException(
          "--batch-size "
              + batchSize
              + " does not split into "
              + count()
              + " equal shards for --devices "
              + String.join(",", devices)
              + "; use a multiple of "
              + count()
              + " (e.g. "
              + (batchSize / count() + 1) * count()
              + ")");
    }
    return batchSize / count();
  }

  /** One line for the user. */
  public String describe() {
    if (!split()) {
      return "one device";
    }
    String where =
        virtualCpus > 0
            ? " (virtual CPU devices sharing the same cores)"
            : cudaOrdinals.isEmpty() ? "" : " = CUDA devices " + cudaOrdinals;
    String parameters = placedParameters == null ? "" : "; variables on " + placedParameters;
    return count()
        + (count() == 1 ? " tower" : " towers")
        + " on "
        + String.join(", ", devices)
        + where
        + parameters;
  }
}
