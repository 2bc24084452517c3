package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.bench.Benchmarks;
import dev.jgan.bench.Windows;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.Devices;
import dev.jgan.runtime.SessionOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan bench}: training and generation images/s per model, on synthetic data. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "First this machine's float32 MatMul peak (a 2048x2048 product through TensorFlow). Then,"
          + " per model, training images/s at its default batch size on synthetic data (no disk"
          + " I/O), after warm-up, as the median of timed windows (with min and max), the step's"
          + " arithmetic as GFLOP/s and as a share of that peak, then generation images/s of its"
          + " exported SavedModel.",
      "Prints one JSON line per result, then a table. 'outside' is the share of training wall"
          + " time spent outside Session.run (feeding, fetching, noise, the loop); 'peak MB' is"
          + " the process's peak resident memory so far.",
      "A benchmark, not a test: run it on an otherwise idle machine."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--cases",
      split = ",",
      paramLabel = "CASE",
      description =
          "What to measure: matmul (this machine's float32 MatMul peak, which the models'"
              + " GFLOP/s are compared with), mlp, dcgan, dcgan-bn (64x64x3, the folder recipe),"
              + " dcgan-bn-32 (the README's run: MNIST at 32x32, the digits recipe), and the plain"
              + " yardsticks of docs/PERFORMANCE.md: dcgan-plain (dcgan as a plain hundred-line"
              + " TF-Java graph with the seed tutorial's step), dcgan-plain-nchw (the same in the"
              + " channels-first layout) and dcgan-bn-32-plain (dcgan-bn-32 the same way)"
              + " (default: matmul, mlp, dcgan, dcgan-bn, dcgan-bn-32)")
  List<String> cases = List.of("matmul", "mlp", "dcgan", "dcgan-bn", "dcgan-bn-32");

  @Option(
      names = "--batch-size",
      description = "Training batch of every case; 0 = each model's default (default: 0)")
  int batchSize;

  @Option(
      names = "--update",
      paramLabel = "alternating|one-pass|simultaneous",
      description = "The training step, as for train (default: alternating)")
  String update;

  @Option(
      names = "--batch-source",
      paramLabel = "auto|graph|feed",
      description =
          "Where the real batch comes from, as for train; graph keeps a synthetic set of 10,000"
              + " images in the graph (default: auto, which is graph here)")
  String batchSource;

  @Option(
      names = "--precision",
      paramLabel = "float32|bfloat16",
      description = "Training precision, as for train (default: float32)")
  String precision;

  @Option(
      names = "--generate-batch",
      description = "Images per generate call in the generation benchmark (default: 256)")
  int generateBatch = 256;

  @Option(names = "--warmup", description = "Untimed steps first (default: 3)")
  int warmup = 3;

  @Option(names = "--windows", description = "Timed windows; the median is reported (default: 5)")
  int windows = 5;

  @Option(
      names = "--steps",
      description =
          "Steps per window; 0 = as many as fill about --window-seconds at the warm-up speed"
              + " (default: 0)")
  int steps;

  @Option(
      names = "--window-seconds",
      description = "Target length of a window when --steps is 0 (default: 2)")
  double windowSeconds = 2;

  @Option(
      names = "--profile",
      paramLabel = "STEPS",
      description =
          "After the timed windows, trace this many steps (TensorFlow step stats) and print the"
              + " op types with the most time (default: 0 = no profile)")
  int profile;

  @Option(
      names = "--intra-threads",
      description =
          "TensorFlow intra-op threads; 0 = one per CPU (default: 0, for every case; train's"
              + " default for mlp is 1 and 1: pass --intra-threads 1 --inter-threads 1 to measure"
              + " it)")
  int intraThreads;

  @Option(
      names = "--inter-threads",
      description = "TensorFlow inter-op threads; 0 = one per CPU (default: 0)")
  int interThreads;

  @Option(names = "--device", description = "auto, cpu or gpu[:N], as for train (default: auto)")
  String device = "auto";

  @Option(
      names = "--devices",
      paramLabel = "LIST",
      description =
          "Data-parallel towers as for train (all, gpu:0,gpu:1, or cpu:0,cpu:1 virtual CPUs):"
              + " training is measured on 1, 2, ... of them at the same global batch, with"
              + " images/s per device (default: none)")
  String devices;

  @Override
  public Integer call() throws Exception {
    if (warmup < 1
        || windows < 1
        || steps < 0
        || generateBatch < 1
        || batchSize < 0
        || profile < 0) {
      throw new BadInputException(
          "--warmup and --windows must be at least 1, --steps, --batch-size and --profile 0 or more,"
              + " --generate-batch at least 1");
    }
    if (intraThreads < 0 || interThreads < 0) {
      throw new BadInputException("--intra-threads and --inter-threads must be 0 or more");
    }
    if (devices != null && !"auto".equals(device)) {
      throw new BadInputException(
          "--device " + device + " and --devices " + devices + ": give one of them");
    }
    SessionOptions options =
        (devices != null
                ? Devices.withTowers(
                    new SessionOptions(DevicePlan.tensorFlowDefault(), false), devices)
                : Devices.configure(device, false))
            .withThreads(intraThreads, interThreads);
    SessionOptions.useForProcess(options);
    System.err.println(
        "device: "
            + (options.towers().split() ? options.towers().describe() : options.plan().describe()));
    Map<String, Object> settings = new HashMap<>();
    if (batchSize > 0) {
      settings.put("batch_size", batchSize);
    }
    if (update != null) {
      settings.put("update", update);
    }
    if (batchSource != null) {
      settings.put("batch_source", batchSource);
    }
    if (precision != null) {
      settings.put("precision", precision);
    }
    Benchmarks.Report report =
        Benchmarks.run(
            cases,
            settings,
            generateBatch,
            new Windows(warmup, windows, steps, windowSeconds, profile),
            options,
            System.out);
    System.out.println();
    System.out.print(Benchmarks.table(report));
    return 0;
  }
}
