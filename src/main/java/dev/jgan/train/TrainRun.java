package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.classifier.BundledClassifiers;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.BatchStream;
import dev.jgan.data.DatasetFetcher;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.Datasets;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.ImageFolderData;
import dev.jgan.data.ImageFolders;
import dev.jgan.data.ImagePadding;
import dev.jgan.data.Split;
import dev.jgan.eval.Evaluation;
import dev.jgan.export.DiscriminatorExporter;
import dev.jgan.export.GeneratorExporter;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.monitor.TensorBoardWriter;
import dev.jgan.runtime.CpuFeatures;
import dev.jgan.runtime.DevicePlan;
import dev.jgan.runtime.SessionOptions;
import java.io.IOException;
import java.io.PrintStream;
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

  private TrainRun() {}

  /** Loads the configured data set, then trains a new run on it (see {@link #train}). */
  public static Outcome execute(
      TrainConfig config, Path out, PrintStream progress, boolean tty, BooleanSupplier stop)
      throws IOException {
    checkPrecision(config);
    RunFolder folder = RunFolder.check(out);
    return startNew(config, load(config), folder, progress, tty, stop);
  }

  /** Creates the (checked) run folder, writes config.json and trains from scratch. */
  public static Outcome startNew(
      TrainConfig config,
      ImageDataset images,
      RunFolder folder,
      PrintStream progress,
      boolean tty,
      BooleanSupplier stop)
      throws IOException {
    TrainConfig resolved = resolveClasses(config, images); // before the folder: bad input first
    folder.create();
    ConfigResolver.JSON.writeValue(folder.config().toFile(), resolved);
    return train(resolved, images, folder, Optional.empty(), progress, tty, stop);
  }

  /**
   * A conditional config with its class count resolved from the data: {@code classes} 0 becomes the
   * data set's count (10 for MNIST, the class sub-folders of an image folder), so that config.json
   * tells {@code generate} the range of labels. Unconditional configs are unchanged.
   *
   * @throws BadInputException when the data has fewer than 2 classes or more than {@code classes}
   */
  public static TrainConfig resolveClasses(TrainConfig config, ImageDataset images) {
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

  /** Where and how a run continues: its folder, its config (new length), its newest checkpoint. */
  public record ResumePlan(RunFolder folder, TrainConfig config, Checkpoints.Checkpoint from) {}

  /**
   * Continues a run from its newest checkpoint with its saved config; only the run's length ({@code
   * epochs}, {@code maxSteps}: null keeps the saved value) may change.
   */
  public static Outcome resume(
      Path runDir,
      Integer epochs,
      Long maxSteps,
      PrintStream progress,
      boolean tty,
      BooleanSupplier stop)
      throws IOException {
    ResumePlan plan = planResume(runDir, epochs, maxSteps);
    checkPrecision(plan.config());
    ImageDataset images = load(plan.config());
    ConfigResolver.JSON.writeValue(plan.folder().config().toFile(), plan.config());
    return train(
        plan.config(), images, plan.folder(), Optional.of(plan.from()), progress, tty, stop);
  }

  /** Checks a run folder for --resume; {@code epochs}/{@code maxSteps} null keep saved values. */
  public static ResumePlan planResume(Path runDir, Integer epochs, Long maxSteps)
      throws IOException {
    RunFolder folder = RunFolder.existing(runDir);
    TrainConfig saved = new ConfigResolver().file(folder.config()).resolve();
    TrainConfig config =
        saved
            .withLength(
                epochs != null ? epochs : saved.epochs(),
                maxSteps != null ? maxSteps : saved.maxSteps())
            .validate();
    Checkpoints.Checkpoint checkpoint =
        new Checkpoints(folder.checkpoints(), config.keep())
            .latest()
            .orElseThrow(
                () ->
                    new BadInputException(
                        runDir
                            + " has no checkpoint in checkpoints/; it cannot be resumed (start a"
                            + " new run instead)"));
    return new ResumePlan(folder, config, checkpoint);
  }

  /** The configured training images, in the shape the model makes (see {@code ImageRules}). */
  private static ImageDataset load(TrainConfig config) {
    ImageShape shape = config.imageShape();
    if (config.dataset().equals(TrainConfig.FOLDER)) {
      ImageFolderData folder =
          ImageFolders.load(Path.of(config.data()), shape.height(), shape.channels());
      if (config.conditional()) {
        LOG.info("classes (label: name): {}", labelled(folder.classNames()));
      }
      return folder.data();
    }
    Optional<Path> data = Optional.ofNullable(config.data()).map(Path::of);
    ImageDataset idx = Datasets.load(DatasetSpec.byName(config.dataset()), data, Split.TRAIN);
    // dcgan-bn's 32x32 from MNIST's 28x28: a 2-pixel border of background.
    return idx.height() == shape.height() ? idx : ImagePadding.padTo(idx, shape.height());
  }

  private static String labelled(List<String> names) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(i).append(": ").append(names.get(i));
    }
    return out.toString();
  }

  /**
   * Trains on {@code images} into an existing run folder, from scratch or from a checkpoint.
   *
   * @param stop polled after every step; when it turns true the run checkpoints and ends
   */
  public static Outcome train(
      TrainConfig config,
      ImageDataset images,
      RunFolder folder,
      Optional<Checkpoints.Checkpoint> from,
      PrintStream progress,
      boolean tty,
      BooleanSupplier stop)
      throws IOException {
    return train(config, images, folder, from, progress, tty, stop, CollapseDetector.DEFAULTS);
  }

  /** {@link #train} with the collapse detector's limits (tests force a collapse with them). */
  static Outcome train(
      TrainConfig config,
      ImageDataset images,
      RunFolder folder,
      Optional<Checkpoints.Checkpoint> from,
      PrintStream progress,
      boolean tty,
      BooleanSupplier stop,
      CollapseDetector.Thresholds collapseLimits)
      throws IOException {
    config = resolveClasses(config, images);
    if (images.size() < config.batchSize()) {
      throw new BadInputException(
          "--batch-size "
              + config.batchSize()
              + " is larger than the data set ("
              + images.size()
              + " images); use a smaller batch");
    }
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
        new NoiseSource(config.seed(), config.latentDim(), config.noise().equals("normal"));
    try (DiversityMeasure diversity = diversityMeasure(config.dataset(), image, images);
        GanSession session =
            new GanSession(model, Models.graphSettings(config), config.batchSize());
        BatchStream stream =
            BatchStream.resumingAfter(images, config.batchSize(), config.seed(), startStep);
        MetricsLog metrics =
            from.isPresent()
                ? MetricsLog.continuing(folder.metrics(), startStep)
                : new MetricsLog(folder.metrics());
        TensorBoardWriter tensorBoard = new TensorBoardWriter(folder.tensorboard())) {
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
              stream.batchesPerEpoch(),
              config.seed());
      CollapseDetector collapse =
          new CollapseDetector(collapseLimits, noise, model.classes(), diversity);
      List<TrainingListener> listeners = new ArrayList<>();
      listeners.add(metrics);
      listeners.add(new ProgressReporter(progress, tty));
      listeners.add(
          new SampleGridWriter(
              folder.samples(), image, config.sampleGrid(), noise, model.classes()));
      listeners.add(new TensorBoardListener(tensorBoard, folder.samples()));
      listeners.add(checkpoints);
      if (config.evalEvery() > 0) {
        listeners.add(
            new EvalListener(
                model,
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
                tensorBoard,
                (entropy, step) -> collapse.evaluation(step, entropy)));
      }
      listeners.add(collapse);
      boolean stopOnCollapse = config.stopOnCollapse();
      BooleanSupplier stopOrCollapse =
          () -> stop.getAsBoolean() || (stopOnCollapse && collapse.collapse().isPresent());
      TrainingLoop loop = new TrainingLoop(session, new RecyclingBatches(stream), noise, listeners);
      TrainingLoop.Result result =
          loop.run(startStep, config.epochs(), config.maxSteps(), stopOrCollapse);
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
        GeneratorExporter.export(model, last.prefix(), folder.export());
        LOG.info("exported the generator to {}", folder.export());
        if (config.exportDiscriminator()) {
          DiscriminatorExporter.export(model, last.prefix(), folder.discriminatorExport());
          LOG.info("exported the discriminator to {}", folder.discriminatorExport());
        }
      }
      return new Outcome(folder, result.steps(), last.dir(), result.stopped(), collapsed);
    }
  }

  /**
   * The collapse detector's diversity measure: the predicted-class entropy through the data set's
   * bundled classifier where there is one and G's images fit it, else the pixel spread against the
   * data's own; null (no rule) when the data's images are all the same.
   */
  private static DiversityMeasure diversityMeasure(
      String dataset, ImageShape image, ImageDataset images) {
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

  /** Hands the loop each batch's images and returns the previous batch's arrays to the pool. */
  private static final class RecyclingBatches implements ImageBatches {
    private final BatchStream stream;
    private BatchStream.Batch previous;

    RecyclingBatches(BatchStream stream) {
      this.stream = stream;
    }

    @Override
    public int batchesPerEpoch() {
      return stream.batchesPerEpoch();
    }

    @Override
    public Batch next() {
      if (previous != null) {
        stream.recycle(previous);
      }
      previous = stream.next();
      return new Batch(previous.images(), previous.labels());
    }
  }

  /** Refuses or warns about {@code --precision bfloat16} before anything is written. */
  private static void checkPrecision(TrainConfig config) {
    if (config.precision().equals(TrainConfig.BFLOAT16)) {
      boolean onGpu = SessionOptions.processDefault().plan().target() == DevicePlan.Target.GPU;
      PrecisionCheck.bfloat16(onGpu, CpuFeatures.ofThisMachine()).ifPresent(LOG::warn);
    }
  }
}
