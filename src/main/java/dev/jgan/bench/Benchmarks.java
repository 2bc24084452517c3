package dev.jgan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.BadInputException;
import dev.jgan.FileTrees;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.runtime.TowerDevices;
import dev.jgan.train.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gan bench}: the machine's float32 MatMul peak, then for each model training images/s at
 * its default batch size on synthetic data (with the step's GFLOP/s against that peak), then
 * generation images/s of its exported SavedModel. One JSON line per result as it is measured, then
 * a table.
 */
public final class Benchmarks {
  /**
   * A model case: the model, the data set whose recipe it trains with (a model's defaults can
   * depend on it) and the image shape of its synthetic data.
   */
  public record ModelCase(String model, String dataset, ImageShape image) {}

  /**
   * The model cases: dcgan-bn at its 64x64 RGB size with the folder recipe (the paper's: width 64,
   * alternating; until 2026-12-03 this case took MNIST's recipe by mistake, width 32 and one-pass)
   * and as the README runs it on MNIST.
   */
  public static final Map<String, ModelCase> CASES = new LinkedHashMap<>();

  static {
    CASES.put("mlp", new ModelCase("mlp", "mnist", ImageShape.MNIST));
    CASES.put("dcgan", new ModelCase("dcgan", "mnist", ImageShape.MNIST));
    CASES.put("dcgan-bn", new ModelCase("dcgan-bn", "folder", new ImageShape(64, 64, 3)));
    // The README's first command: MNIST padded to 32x32 with the digits recipe (width 32).
    CASES.put("dcgan-bn-32", new ModelCase("dcgan-bn", "mnist", new ImageShape(32, 32, 1)));
  }

  /** The case that measures the float32 MatMul peak instead of a model. */
  public static final String PEAK = "matmul";

  /** The yardstick: dcgan as a plain hundred-line TF-Java graph ({@link PlainDcganBench}). */
  public static final String PLAIN = PlainDcganBench.NAME;

  /** The yardstick in the channels-first layout: what the convolution layout alone is worth. */
  public static final String PLAIN_NCHW = PlainDcganBench.NCHW_NAME;

  /** The README model's yardstick: dcgan-bn 32x32 as a plain graph ({@link PlainDcganBnBench}). */
  public static final String PLAIN_BN = PlainDcganBnBench.NAME;

  private static final List<String> YARDSTICKS = List.of(PLAIN, PLAIN_NCHW, PLAIN_BN);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a bench run measured.
   *
   * @param peakGflops the MatMul peak (median of its windows); NaN when the matmul case was not
   *     asked for
   */
  public record Report(double peakGflops, List<BenchResult> results) {}

  private Benchmarks() {}

  /**
   * @param settings config keys every case trains with (batch_size, update), over each model's
   *     defaults
   * @param generationBatch images per generate call
   */
  public static Report run(
      List<String> cases,
      Map<String, Object> settings,
      int generationBatch,
      Windows timing,
      PrintStream out)
      throws IOException {
    return run(cases, settings, generationBatch, timing, SessionOptions.processDefault(), out);
  }

  /**
   * As above, and with towers in {@code options} ({@code --devices}), training is measured on 1, 2,
   * ... of them (up to 8, then powers of two, and always all), at the same global batch.
   */
  public static Report run(
      List<String> cases,
      Map<String, Object> settings,
      int generationBatch,
      Windows timing,
      SessionOptions options,
      PrintStream out)
      throws IOException {
    for (String name : cases) {
      if (!CASES.containsKey(name) && !name.equals(PEAK) && !YARDSTICKS.contains(name)) {
        throw new BadInputException(
            "unknown bench case '"
                + name
                + "'; choose from "
                + PEAK
                + ", "
                + String.join(", ", YARDSTICKS)
                + ", "
                + String.join(", ", CASES.keySet()));
      }
    }
    double peak = Double.NaN;
    if (cases.contains(PEAK)) {
      double[] windows = MatmulPeak.gflops(MatmulPeak.SIZE, timing);
      printPeak(windows, out);
      peak = BenchResult.median(windows);
    }
    List<BenchResult> results = new ArrayList<>();
    Path scratch = Files.createTempDirectory("jgan-bench");
    try {
      for (String name : cases) {
        if (name.equals(PEAK)) {
          continue;
        }
        if (name.equals(PLAIN_BN)) {
          int batch = (Integer) settings.getOrDefault("batch_size", PlainDcganBnBench.BATCH);
          results.add(print(PlainDcganBnBench.run(batch, timing), null, peak, out));
          continue;
        }
        if (name.equals(PLAIN) || name.equals(PLAIN_NCHW)) {
          int batch = (Integer) settings.getOrDefault("batch_size", PlainDcganBench.BATCH);
          BenchResult plain = PlainDcganBench.run(batch, name.equals(PLAIN_NCHW), timing);
          results.add(print(plain, null, peak, out));
          continue;
        }
        ModelCase modelCase = CASES.get(name);
        Map<String, Object> flags = new HashMap<>(settings);
        flags.put("model", modelCase.model());
        flags.put("dataset", modelCase.dataset());
        if (modelCase.dataset().equals(TrainConfig.FOLDER)) {
          // The folder recipe needs a --data path; the bench trains on synthetic images instead.
          flags.put("data", "synthetic");
        }
        TrainConfig config = new ConfigResolver().flags(flags).resolve();
        GanModel model = Models.create(config, modelCase.image());
        Path checkpoint = scratch.resolve(name + "-ckpt");
        TowerDevices towers = options.towers();
        for (int count : deviceCounts(towers.count())) {
          SessionOptions these =
              towers.count() == 0 ? options : options.withTowers(towers.first(count));
          BenchResult training =
              TrainingBench.run(name, config, model, timing, count == 1 ? checkpoint : null, these);
          results.add(print(training, config, peak, out));
        }
        Path export = scratch.resolve(name + "-export");
        GeneratorExporter.export(model, checkpoint.toString(), export);
        results.add(
            print(GenerationBench.run(name, export, generationBatch, timing), null, peak, out));
      }
    } finally {
      FileTrees.deleteRecursively(scratch);
    }
    return new Report(peak, results);
  }

  /** The tower counts measured for {@code towers} devices: 1 alone when there are no towers. */
  static List<Integer> deviceCounts(int towers) {
    List<Integer> counts = new ArrayList<>();
    for (int n = 1; n <= towers; n = n < 8 ? n + 1 : n * 2) {
      counts.add(n);
    }
    if (counts.isEmpty() || counts.get(counts.size() - 1) != Math.max(1, towers)) {
      counts.add(Math.max(1, towers));
    }
    return counts;
  }

  private static void printPeak(double[] gflops, PrintStream out) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("case", PEAK);
    line.put("kind", "peak");
    line.put("size", MatmulPeak.SIZE);
    line.put("gflops_median", round(BenchResult.median(gflops)));
    line.put("gflops_min", round(Arrays.stream(gflops).min().orElse(Double.NaN)));
    line.put("gflops_max", round(Arrays.stream(gflops).max().orElse(Double.NaN)));
    out.println(JSON.writeValueAsString(line));
    out.flush();
  }

  /** Prints one result as a JSON line; {@code training} (its config) is null for generation. */
  private static BenchResult print(
      BenchResult r, TrainConfig training, double peak, PrintStream out) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("case", r.name());
    line.put("kind", r.kind());
    line.put("batch_size", r.batchSize());
    line.put("devices", r.devices());
    if (training != null) {
      line.put("update", training.update().spelling());
      line.put("precision", training.precision().spelling());
    }
    line.put("steps_per_window", r.stepsPerWindow());
    line.put("images_per_sec_median", round(r.median()));
    line.put("images_per_sec_min", round(r.min()));
    line.put("images_per_sec_max", round(r.max()));
    line.put("images_per_sec_per_device", round(r.median() / r.devices()));
    var windows = line.putArray("windows");
    for (double rate : r.windowImagesPerSec()) {
      windows.add(round(rate));
    }
    if (!Double.isNaN(r.outsideSessionRun())) {
      line.put("outside_session_run", Math.round(r.outsideSessionRun() * 10000) / 10000.0);
    }
    line.put("peak_rss_mb", r.peakRssMb());
    if (!Double.isNaN(r.flopsPerStep())) {
      line.put("gflop_per_step", Math.round(r.flopsPerStep() / 1e6) / 1000.0);
      line.put("gflops", round(r.gflops()));
      if (!Double.isNaN(peak)) {
        line.put("of_matmul_peak", Math.round(r.gflops() / peak * 1000) / 1000.0);
      }
    }
    if (!Double.isNaN(r.opsPerStep())) {
      line.put("ops_per_step", Math.round(r.opsPerStep()));
    }
    if (!r.opShares().isEmpty()) {
      ObjectNode shares = line.putObject("op_share");
      r.opShares().forEach((op, share) -> shares.put(op, Math.round(share * 1000) / 1000.0));
    }
    out.println(JSON.writeValueAsString(line));
    out.flush();
    return r;
  }

  /** The report as a table for people. */
  public static String table(Report report) {
    StringBuilder table = new StringBuilder();
    double peak = report.peakGflops();
    if (!Double.isNaN(peak)) {
      table.append(
          String.format(
              "float32 MatMul peak (%d x %d): %.1f GFLOP/s%n%n",
              MatmulPeak.SIZE, MatmulPeak.SIZE, peak));
    }
    table.append(
        String.format(
            "%-9s %-8s %7s %6s %12s %10s %10s %9s %9s %9s %8s%n",
            "case",
            "kind",
            "devices",
            "batch",
            "images/s",
            "min",
            "max",
            "GFLOP/s",
            "of peak",
            "outside",
            "peak MB"));
    for (BenchResult r : report.results()) {
      boolean training = !Double.isNaN(r.flopsPerStep());
      table.append(
          String.format(
              "%-9s %-8s %7d %6d %12.1f %10.1f %10.1f %9s %9s %9s %8d%n",
              r.name(),
              r.kind(),
              r.devices(),
              r.batchSize(),
              r.median(),
              r.min(),
              r.max(),
              training ? String.format("%.1f", r.gflops()) : "-",
              training && !Double.isNaN(peak)
                  ? String.format("%.0f%%", 100 * r.gflops() / peak)
                  : "-",
              Double.isNaN(r.outsideSessionRun())
                  ? "-"
                  : String.format("%.1f%%", 100 * r.outsideSessionRun()),
              r.peakRssMb()));
    }
    for (BenchResult r : report.results()) {
      if (!r.opShares().isEmpty()) {
        table.append(String.format("%nwhere %s's training step spends its op time:%n", r.name()));
        r.opShares()
            .forEach(
                (op, share) -> table.append(String.format("  %-28s %5.1f%%%n", op, 100 * share)));
      }
    }
    return table.toString();
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
