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
import dev.jgan.train.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gan bench}: for each model, training images/s at its default batch size on synthetic data,
 * then generation images/s of its exported SavedModel. One JSON line per result as it is measured,
 * then a table.
 */
public final class Benchmarks {
  /** The cases and the image shape each trains on: dcgan-bn at its 64x64 RGB size. */
  public static final Map<String, ImageShape> CASES = new LinkedHashMap<>();

  static {
    CASES.put("mlp", ImageShape.MNIST);
    CASES.put("dcgan", ImageShape.MNIST);
    CASES.put("dcgan-bn", new ImageShape(64, 64, 3));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Benchmarks() {}

  /**
   * @param batchSize 0 = each model's default
   * @param generationBatch images per generate call
   */
  public static List<BenchResult> run(
      List<String> cases, int batchSize, int generationBatch, Windows timing, PrintStream out)
      throws IOException {
    for (String name : cases) {
      if (!CASES.containsKey(name)) {
        throw new BadInputException(
            "unknown bench case '" + name + "'; choose from " + String.join(", ", CASES.keySet()));
      }
    }
    List<BenchResult> results = new ArrayList<>();
    Path scratch = Files.createTempDirectory("jgan-bench");
    try {
      for (String name : cases) {
        Map<String, Object> flags = new HashMap<>();
        flags.put("model", name);
        if (batchSize > 0) {
          flags.put("batch_size", batchSize);
        }
        TrainConfig config = new ConfigResolver().flags(flags).resolve();
        GanModel model = Models.create(config, CASES.get(name));
        Path checkpoint = scratch.resolve(name + "-ckpt");
        results.add(print(TrainingBench.run(name, config, model, timing, checkpoint), out));
        Path export = scratch.resolve(name + "-export");
        GeneratorExporter.export(model, checkpoint.toString(), export);
        results.add(print(GenerationBench.run(name, export, generationBatch, timing), out));
      }
    } finally {
      FileTrees.deleteRecursively(scratch);
    }
    return results;
  }

  private static BenchResult print(BenchResult r, PrintStream out) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("case", r.name());
    line.put("kind", r.kind());
    line.put("batch_size", r.batchSize());
    line.put("steps_per_window", r.stepsPerWindow());
    line.put("images_per_sec_median", round(r.median()));
    line.put("images_per_sec_min", round(r.min()));
    line.put("images_per_sec_max", round(r.max()));
    var windows = line.putArray("windows");
    for (double rate : r.windowImagesPerSec()) {
      windows.add(round(rate));
    }
    if (!Double.isNaN(r.outsideSessionRun())) {
      line.put("outside_session_run", Math.round(r.outsideSessionRun() * 10000) / 10000.0);
    }
    line.put("peak_rss_mb", r.peakRssMb());
    if (!r.opShares().isEmpty()) {
      ObjectNode shares = line.putObject("op_share");
      r.opShares().forEach((op, share) -> shares.put(op, Math.round(share * 1000) / 1000.0));
    }
    out.println(JSON.writeValueAsString(line));
    out.flush();
    return r;
  }

  /** The results as a table for people. */
  public static String table(List<BenchResult> results) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-9s %-8s %6s %12s %10s %10s %9s %9s%n",
            "case", "kind", "batch", "images/s", "min", "max", "outside", "peak MB"));
    for (BenchResult r : results) {
      table.append(
          String.format(
              "%-9s %-8s %6d %12.1f %10.1f %10.1f %9s %9d%n",
              r.name(),
              r.kind(),
              r.batchSize(),
              r.median(),
              r.min(),
              r.max(),
              Double.isNaN(r.outsideSessionRun())
                  ? "-"
                  : String.format("%.1f%%", 100 * r.outsideSessionRun()),
              r.peakRssMb()));
    }
    for (BenchResult r : results) {
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
