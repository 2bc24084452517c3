package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.WriteFailedException;
import dev.jgan.classifier.BundledClassifiers;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.config.Noise;
import dev.jgan.config.Precision;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.BatchStream;
import dev.jgan.data.DatasetFetcher;
import dev.jgan.data.ImageSet;
import dev.jgan.data.TrainingData;
import dev.jgan.eval.Evaluation;
import dev.jgan.export.DiscriminatorExporter;
import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.monitor.TensorBoardWriter;
import dev.jgan.random.NoiseSource;
import dev.jgan.run.RunFolder;
import dev.jgan.run.RunLock;
import dev.jgan.runtime.CpuFeatures;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.SessionOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * One training run from a validated config to a run folder: load data, train, write samples and
 * metrics, checkpoint, export the generator. Bad input is rejected before the folder is created.
 */
public final class TrainRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainRun.class);

  /**
   * What a run leaves behind; {@code stopped} when a signal ended it before its last step; {@code
   * collapsed} the reason when {@code stop_on_collapse} ended it (null otherwise).
   */
  public record Outcome(
      RunFolder folder, long steps, Path checkpoint, boolean stopped, String collapsed) {
    public Outcome(RunFolder folder, long steps, Path checkpoint, boolean stopped) {
      this(folder, steps, checkpoint, stopped, null);
    }
  }

  /** Where a run reports to and how it is stopped: progress stream, terminal, stop request. */
  public record Console(PrintStream progress, boolean tty, BooleanSupplier stop) {
    /** No progress output, never stopped (tests). */
    public static Console quiet() {
      return new Console(new PrintStream(OutputStream.nullOutputStream()), false, () -> false);
    }
  }

  /**
   * One run to train: its validated config, its images, its (created) folder, the checkpoint it
   * continues from (empty: from scratch), its console, and the collapse detector's limits.
   */
  public record Request(
      TrainConfig config,
      ImageSet images,
      RunFolder folder,
      Optional<Checkpoints.Checkpoint> from,
      Console console,
      CollapseDetector.Thresholds collapseLimits) {
    public Request(
        TrainConfig config,
        ImageSet images,
        RunFolder folder,
        Optional<Checkpoints.Checkpoint> from,
        Console console) {
      this(config, images, folder, from, console, CollapseDetector.DEFAULTS);
    }
  }

  private TrainRun() {}

  /** Loads the configured data set, then trains a new run on it (see {@link #train}). */
  public static Outcome execute(TrainConfig config, Path out, Console console) throws IOException {
    checkPrecision(config);
    RunFolder folder = RunFolder.check(out);
    return startNew(config, load(config), folder, console);
  }

  /** Creates the (checked) run folder, writes config.json and trains from scratch. */
  public static Outcome startNew(
      TrainConfig config, ImageSet images, RunFolder folder, Console console) throws IOException {
    TrainConfig resolved = resolveClasses(config, images); // before the folder: bad input first
    try (RunLock lock = folder.claim()) {
      folder.writeConfig(resolved);
      return train(new Request(resolved, images, folder, Optional.empty(), console));
    }
  }

  /**
   * A conditional config with its class count resolved from the data: {@code classes} 0 becomes the
   * data set's count (10 for MNIST, the class sub-folders of an image folder), so that config.json
   * tells {@code generate} the range of labels. Unconditional configs are unchanged.
   *
   * @throws BadInputException when the data has fewer than 2 classes or more than {@code classes}
   */
  public static TrainConfig resolveClasses(TrainConfig config, ImageSet images) {
    if (!config.conditional()) {
      return config;
    }
    int found = images.classCount();
    if (found < 2) {
      throw new BadInputException(
          "--conditional needs labelled images of at least 2 classes, but "
              + images.name()
              + " has a single class (every label is 0); put the images in one sub-folder per"
              + " class (e.g. DATA/cats/*.png, DATA/dogs/*.png) or drop --conditional");
    }
    if (config.classes() == 0) {
      return config.withClasses(found);
    }
    if (found > config.classes()) {
      throw new BadInputException(
          "the data set "
              + images.name()
              + " has "
              + found
              + " classes but the config says classes "
              + config.classes()
              + "; set classes to 0 (the data's count) or at least "
              + found);
    }
    return config;
  }

  /**
   * Where and how a run continues: its folder, its config (new length), its newest checkpoint
   * (empty: killed before its first one, so it starts again at step 0).
   */
  public record ResumePlan(
      RunFolder folder, TrainConfig config, Optional<Checkpoints.Checkpoint> from) {}

  /**
   * Continues a run from its newest checkpoint with its saved config; only the run's length ({@code
   * epochs}, {@code maxSteps}: null keeps the saved value) may change.
   */
  public static Outcome resume(
      Path runDir, Integer epochs, Long maxSteps, String timeBudget, Console console)
      throws IOException {
    return resume(runDir, epochs, maxSteps, timeBudget, console, null);
  }

  /** {@link #resume} on these images (null: the run's configured data set). */
  static Outcome resume(
      Path runDir,
      Integer epochs,
      Long maxSteps,
      String timeBudget,
      Console console,
      ImageSet given)
      throws IOException {
    // The lock before anything is read: a run being trained is refused, not read half-written.
    try (RunLock lock = RunLock.acquire(RunFolder.existing(runDir))) {
      ResumePlan plan = planResume(runDir, epochs, maxSteps, timeBudget);
      checkPrecision(plan.config());
      ImageSet images = given != null ? given : load(plan.config());
      if (plan.from().isEmpty()) {
        console
            .progress()
            .println(
                runDir
                    + " has no checkpoint yet (stopped before its first): starting at step 0 with"
                    + " its config.json");
        plan.folder().create();
        if (Files.exists(plan.folder().evalLog())) {
          MetricsLog.keepUpTo(plan.folder().evalLog(), 0);
        }
      }
      plan.folder().writeConfig(plan.config());
      return train(new Request(plan.config(), images, plan.folder(), plan.from(), console));
    }
  }

  /**
   * Checks a run folder for --resume; {@code epochs}/{@code maxSteps}/{@code timeBudget} null keep
   * saved values.
   */
  public static ResumePlan planResume(Path runDir, Integer epochs, Long maxSteps, String timeBudget)
      throws IOException {
    RunFolder folder = RunFolder.existing(runDir);
    TrainConfig saved = folder.readConfig().orElseThrow();
    TrainConfig config =
        saved
            .withLength(
                epochs != null ? epochs : saved.epochs(),
                maxSteps != null ? maxSteps : saved.maxSteps())
            .withTimeBudget(timeBudget != null ? timeBudget : saved.timeBudget())
            .validate();
    return new ResumePlan(
        folder, config, new Checkpoints(folder.checkpoints(), config.keep()).latest());
  }

  /** The configured training images, in the shape the model makes (see {@code ImageRules}). */
  private static ImageSet load(TrainConfig config) {
    ImageShape shape = config.imageShape();
    return TrainingData.load(
        config.dataset(),
        Optional.ofNullable(config.data()).map(Path::of),
        shape.height(),
        shape.channels(),
        config.conditional());
  }

  /**
   * Trains into an existing run folder, from scratch or from a checkpoint: check the data against
   * the config, build the model and its session, attach the listeners, run the loop, then
   * checkpoint and (unless stopped) export.
   */
  public static Outcome train(Request request) throws IOException {
    try {
      return trainInto(request);
    } catch (IOException e) {
      // Once the data is loaded (in memory or mapped), what fails with an IOException is a write
      // into the run
      // folder (metrics, grids, TensorBoard): a full disk, not a bug.
      Path file =
          e instanceof FileSystemException f && f.getFile() != null
              ? Path.of(f.getFile())
              : request.folder().root();
      throw WriteFailedException.of(file, WriteFailedException.UNKNOWN, e);
    }
  }

  private static Outcome trainInto(Request request) throws IOException {
    ImageSet images = request.images();
    TrainConfig config = resolveClasses(request.config(), images);
    RunFolder folder = request.folder();
    Optional<Checkpoints.Checkpoint> from = request.from();
    ImageShape image = checkImages(config, images);
    GanModel model = Models.create(config, image);
    long startStep = from.map(Checkpoints.Checkpoint::step).orElse(0L);
    LOG.info(
        "{} {}{} on {} ({} images of {}x{}x{}), {} epochs of batch {} -> {}",
        from.isPresent() ? "resuming at step " + startStep + ":" : "training",
        config.model(),
        model.conditional() ? " conditional on " + model.classes() + " classes" : "",
        config.dataset(),
        images.size(),
        image.height(),
        image.width(),
        image.channels(),
        config.epochs(),
        config.batchSize(),
        folder.root());

    NoiseSource noise =
        new NoiseSource(config.seed(), config.latentDim(), config.noise() == Noise.NORMAL);
    try (DiversityMeasure diversity = diversityMeasure(config.dataset(), image, images);
        RealBatches real =
            RealBatches.open(
                config.batchSource(), images, config.batchSize(), config.seed(), startStep);
        GanSession session =
            new GanSession(
                model, Models.graphSettings(config), config.batchSize(), real.resident());
        MetricsLog metrics =
            from.isPresent()
                ? MetricsLog.continuing(folder.metrics(), startStep)
                : new MetricsLog(folder.metrics());
        TensorBoardWriter tensorBoard = new TensorBoardWriter(folder.tensorboard())) {
      ImageBatches batches = real.batches();
      if (from.isPresent()) {
        restore(session, from.get());
        if (Files.exists(folder.evalLog())) {
          // Evaluations after the checkpoint will run again: drop their lines, as for metrics.
          MetricsLog.keepUpTo(folder.evalLog(), startStep);
        }
      }
      CheckpointListener checkpoints =
          new CheckpointListener(
              new Checkpoints(folder.checkpoints(), config.keep()),
              config.checkpointEvery(),
              batches.batchesPerEpoch(),
              config.seed(),
              new CheckpointCadence(
                  config.checkpointEveryMinutes(), config.checkpointEverySteps(), System::nanoTime),
              session,
              metrics);
      CollapseDetector collapse =
          new CollapseDetector(request.collapseLimits(), noise, model.classes(), diversity);
      List<TrainingListener> listeners = new ArrayList<>();
      listeners.add(metrics);
      listeners.add(new ProgressReporter(request.console().progress(), request.console().tty()));
      listeners.add(
          new SampleGridWriter(
              folder.samples(), image, config.sampleGrid(), noise, model.classes()));
      listeners.add(new TensorBoardListener(tensorBoard, folder.samples()));
      listeners.add(checkpoints);
      EvalListener evaluations = null;
      if (config.evalEvery() > 0) {
        evaluations =
            new EvalListener(
                model,
                config.emaDecay() > 0,
                folder,
                config.evalEvery(),
                new Evaluation.Request(
                    null,
                    config.dataset(),
                    Optional.ofNullable(config.data()).map(Path::of),
                    config.evalCount(),
                    config.seed(),
                    null,
                    DatasetFetcher.defaultCacheRoot()),
                config.noise(),
                tensorBoard,
                (entropy, step) -> collapse.evaluation(step, entropy));
        listeners.add(evaluations);
      }
      listeners.add(collapse);
      boolean stopOnCollapse = config.stopOnCollapse();
      BooleanSupplier stop = request.console().stop();
      BooleanSupplier stopOrCollapse =
          () -> stop.getAsBoolean() || (stopOnCollapse && collapse.collapse().isPresent());
      TrainingLoop loop = new TrainingLoop(session, batches, listeners);
      TrainingLoop.Result result;
      // The evaluator kept loaded across evaluations (null: none) is freed when the loop ends,
      // however it ends: a stopped or failed run never reaches onFinish.
      long loopStart = System.nanoTime();
      try (EvalListener closing = evaluations) {
        result =
            loop.run(
                startStep,
                config.epochs(),
                config.maxSteps(),
                config.timeBudgetDuration(),
                stopOrCollapse);
      }
      real.logDataWait(result.steps() - startStep, System.nanoTime() - loopStart);
      String collapsed = stopOnCollapse ? collapse.collapse().orElse(null) : null;
      Checkpoints.Checkpoint last = checkpoints.save(session, result.steps());
      if (result.stopped() && collapsed != null) {
        LOG.warn(
            "stopped at step {} on collapse (--stop-on-collapse): {}", result.steps(), collapsed);
      } else if (result.stopped()) {
        LOG.info(
            "stopped at step {}; continue with: gan train --resume {}",
            result.steps(),
            folder.root());
      } else {
        export(config, model, last, folder);
      }
      return new Outcome(folder, result.steps(), last.dir(), result.stopped(), collapsed);
    }
  }

  /** The images' shape, once the data fits the config (batch size, shape). */
  private static ImageShape checkImages(TrainConfig config, ImageSet images) {
    BatchStream.checkBatchSize(config.batchSize(), images.size());
    ImageShape image = new ImageShape(images.height(), images.width(), images.channels());
    if (!image.equals(config.imageShape())) {
      throw new BadInputException(
          "the data set's images are "
              + image
              + " but the config asks "
              + config.model()
              + " for "
              + config.imageShape()
              + "; check --image-size and --channels");
    }
    return image;
  }

  /**
   * The exports of the last checkpoint: export/, the EMA generator when the run has one (what the
   * grids show), else the raw weights; export-raw/ and export-discriminator/ on request.
   */
  private static void export(
      TrainConfig config, GanModel model, Checkpoints.Checkpoint last, RunFolder folder) {
    boolean ema = config.emaDecay() > 0;
    writing(
        folder.export(),
        () -> GeneratorExporter.export(model, last.prefix(), folder.export(), ema));
    LOG.info("exported the {} generator to {}", ema ? "EMA (averaged)" : "raw", folder.export());
    if (config.exportRawGenerator()) {
      writing(
          folder.rawExport(),
          () -> GeneratorExporter.export(model, last.prefix(), folder.rawExport(), false));
      LOG.info("exported the raw generator to {}", folder.rawExport());
    }
    if (config.exportDiscriminator()) {
      writing(
          folder.discriminatorExport(),
          () -> DiscriminatorExporter.export(model, last.prefix(), folder.discriminatorExport()));
      LOG.info("exported the discriminator to {}", folder.discriminatorExport());
    }
  }

  /** An export written to {@code target}; its failure (a full disk) names the target. */
  @FunctionalInterface
  private interface Write {
    void run() throws IOException;
  }

  private static void writing(Path target, Write write) {
    try {
      write.run();
    } catch (IOException | TensorFlowException e) {
      throw WriteFailedException.of(target, WriteFailedException.UNKNOWN, e);
    }
  }

  /**
   * The collapse detector's diversity measure: the predicted-class entropy through the data set's
   * bundled classifier where there is one and G's images fit it, else the pixel spread against the
   * data's own; null (no rule) when the data's images are all the same.
   */
  private static DiversityMeasure diversityMeasure(
      String dataset, ImageShape image, ImageSet images) {
    if (BundledClassifiers.has(dataset) && ClassEntropyMeasure.fits(image)) {
      try {
        return new ClassEntropyMeasure(
            ImageClassifier.load(
                BundledClassifiers.extract(dataset, DatasetFetcher.defaultCacheRoot())),
            image);
      } catch (RuntimeException e) {
        LOG.warn(
            "cannot load the {} classifier for the collapse detector ({}); it measures the pixel"
                + " spread instead",
            dataset,
            e.getMessage());
      }
    }
    double realSpread = PixelSpreadMeasure.realSpread(images, CollapseDetector.DIVERSITY_SAMPLES);
    if (realSpread == 0) {
      // Nothing to compare with: a generator of identical images is what this data asks for.
      LOG.info("the data set's images are all the same: no diversity rule");
      return null;
    }
    return new PixelSpreadMeasure(realSpread);
  }

  private static void restore(GanSession session, Checkpoints.Checkpoint checkpoint) {
    try {
      session.restore(checkpoint.prefix());
    } catch (TensorFlowException e) {
      throw new BadInputException(
          "checkpoint "
              + checkpoint.dir()
              + " does not fit this run's model or is damaged ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); delete it to resume from an older one",
          e);
    }
  }

  /** Refuses or warns about {@code --precision bfloat16} before anything is written. */
  private static void checkPrecision(TrainConfig config) {
    // --devices: the batch must split into equal shards (bad input, before anything is written).
    SessionOptions.processDefault().towers().shard(config.batchSize());
    if (config.precision() == Precision.BFLOAT16) {
      boolean onGpu = SessionOptions.processDefault().plan().target() == DevicePlan.Target.GPU;
      PrecisionCheck.bfloat16(onGpu, CpuFeatures.ofThisMachine()).ifPresent(LOG::warn);
    }
  }
}
