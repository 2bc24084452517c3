package dev.jgan.cli;

import dev.jgan.BadInputException;
import dev.jgan.ClusterFailedException;
import dev.jgan.api.Training;
import dev.jgan.config.ModelKind;
import dev.jgan.config.RunSettings;
import dev.jgan.config.Setting;
import dev.jgan.config.TrainConfig;
import dev.jgan.run.RunFolder;
import dev.jgan.runtime.ClusterSpec;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.Devices;
import dev.jgan.runtime.RemoteSession;
import dev.jgan.runtime.ServerExposure;
import dev.jgan.runtime.SessionOptions;
import dev.jgan.runtime.StopSignal;
import dev.jgan.runtime.TaskServer;
import dev.jgan.runtime.ThreadPools;
import dev.jgan.train.TrainRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.tensorflow.exceptions.TensorFlowException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gan train}: settings come from defaults, then --preset or --config, then flags. The
 * setting flags are made from the settings table ({@link SettingOptions}); an unset flag never
 * overrides the file. The options declared here are the command's own: the run folder, --resume,
 * the settings' sources and where the run executes (not saved in config.json).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    modelTransformer = SettingOptions.class,
    customSynopsis = {
      "gan train [--preset NAME | --config FILE] [SETTING...] [--out DIR] [--device...]",
      "gan train --resume RUN_DIR [--epochs N] [--max-steps N] [--time-budget DURATION]"
    },
    sortOptions = false,
    description = {
      "Train a GAN and write a run folder: config.json, metrics.jsonl, samples/epoch-NNN.png,"
          + " checkpoints/ and export/ (the generator as a SavedModel).",
      "Settings: defaults < --preset/--config < flags. The run's config.json is a valid --config."
    })
public final class TrainCommand implements Callable<Integer>, GanCli.OnRunFolder {
  /** The settings --resume may change: the run's length and this session's budget. */
  private static final Set<Setting<?>> RESUMABLE =
      Set.of(RunSettings.EPOCHS, RunSettings.MAX_STEPS, RunSettings.TIME_BUDGET);

  @Spec CommandSpec spec;

  /** The folder this command trains in, once known (for error.log). */
  private Path runFolder;

  /** The cluster this run trains on, once started (for the failure message), else null. */
  private String clusterFile;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Run folder (default: runs/<model>-<dataset>-<timestamp>); must be new or empty")
  Path out;

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
              + " Keras tutorial's dcgan recipe: batch 256, 2e-4, alternating), dcgan-paper (the"
              + " DCGAN paper's recipe for an image folder on a GPU host: 64x64, base width 64,"
              + " batch 64, 2e-4, alternating, no augmentation), tiny")
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
      names = "--trusted-network",
      description =
          "With --cluster: serve a non-loopback chief address. TensorFlow's server has no"
              + " authentication and listens on every interface: use it only on a private network"
              + " or behind a firewall (also: JGAN_TRUSTED_NETWORK=1; see"
              + " docs/DISTRIBUTED.md#security)")
  boolean trustedNetwork;

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

  /** The run through the library's {@link Training}, once the devices are chosen. */
  private TrainRun.Outcome trainOrResume(boolean tty, StopSignal stop) throws Exception {
    Training training;
    if (resume != null) {
      runFolder = resume;
      refuseSettingsOnResume();
      useDevice(savedModelKind(resume));
      training = Training.resume(resume);
    } else {
      training = Training.newRun(null);
      if (preset != null) {
        training.preset(preset);
      }
      if (configFile != null) {
        training.configFile(configFile);
      }
    }
    SettingOptions.byKey(SettingOptions.given(spec)).forEach(training::set);
    if (resume == null) {
      TrainConfig config = training.config();
      runFolder = out != null ? out : defaultOut(config);
      useDevice(config.model());
      training.out(runFolder);
    }
    return training.progress(System.err, tty).stopWhen(stop).run();
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
    TaskServer.start(
        spec,
        config.task(),
        local.configProto(),
        trustedNetwork || ServerExposure.trustedFromEnvironment(),
        "--trusted-network");
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
    List<String> given = new ArrayList<>();
    SettingOptions.given(spec).keySet().stream()
        .filter(setting -> !RESUMABLE.contains(setting))
        .forEach(setting -> given.add(setting.flag()));
    if (configFile != null || preset != null || out != null) {
      given.add(configFile != null ? "--config" : preset != null ? "--preset" : "--out");
    }
    if (!given.isEmpty()) {
      String flag = given.get(0);
      throw new BadInputException(
          flag
              + " cannot be combined with --resume: a resumed run keeps the settings in its"
              + " config.json (only --epochs, --max-steps and --time-budget may change); start a"
              + " new run to"
              + " change it");
    }
  }

  private static Path defaultOut(TrainConfig config) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", config.model() + "-" + config.dataset() + "-" + stamp);
  }
}
