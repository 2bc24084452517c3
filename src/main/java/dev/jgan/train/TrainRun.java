package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.WriteFailedException;
import dev.jgan.config.Noise;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.ImageSet;
import dev.jgan.data.TrainingData;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.random.NoiseSource;
import dev.jgan.run.RunFolder;
import dev.jgan.run.RunLock;
import dev.jgan.train.batches.RealBatchSource;
import dev.jgan.train.checkpoint.Checkpoints;
import dev.jgan.train.collapse.CollapseDetector;
import dev.jgan.train.listen.MetricsLog;
import dev.jgan.train.listen.SampleGrid;
import dev.jgan.train.loop.RunEnd;
import dev.jgan.train.loop.TrainingEvents;
import dev.jgan.train.loop.TrainingListener;
import dev.jgan.train.loop.TrainingLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * One training run from a validated config to a run folder: check the config and the data, make the
 * folder, build the model and its session, train with the run's listeners (sub-packages {@code
 * loop}, {@code listen}, {@code checkpoint}, {@code collapse}, {@code batches}), take the last
 * checkpoint and export. Bad input is rejected before the folder is created.
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

  /**
   * Where a run reports to and how it is stopped: progress stream, terminal, stop request, and the
   * caller's listeners (they hear every event after the run's own).
   */
  public record Console(
      PrintStream progress, boolean tty, BooleanSupplier stop, List<TrainingListener> listeners) {
    public Console {
      listeners = List.copyOf(listeners);
    }

    public Console(PrintStream progress, boolean tty, BooleanSupplier stop) {
      this(progress, tty, stop, List.of());
    }

    /** No progress output, never stopped (tests). */
    public static Console quiet() {
      return new Console(new PrintStream(OutputStream.nullOutputStream()), false, () -> false);
    }
  }

  /**
   * One run to train: its validated config, its images, its (created) folder, the checkpoint it
   * continues from (empty: from scratch), its console, the collapse detector's limits, and
   * listeners of the caller's that hear every event after the run's own.
   */
  public record Request(
      TrainConfig config,
      ImageSet images,
      RunFolder folder,
      Optional<Checkpoints.Checkpoint> from,
      Console console,
      CollapseDetector.Thresholds collapseLimits,
      List<TrainingListener> listeners) {
    public Request {
      listeners = List.copyOf(listeners);
    }

    public Request(
        TrainConfig config,
        ImageSet images,
        RunFolder folder,
        Optional<Checkpoints.Checkpoint> from,
        Console console,
        CollapseDetector.Thresholds collapseLimits) {
      this(config, images, folder, from, console, collapseLimits, List.of());
    }

    public Request(
        TrainConfig config,
        ImageSet images,
        RunFolder folder,
        Optional<Checkpoints.Checkpoint> from,
        Console console) {
      this(config, images, folder, from, console, CollapseDetector.DEFAULTS, console.listeners());
    }
  }

  private TrainRun() {}

  /** Loads the configured data set, then trains a new run on it (see {@link #train}). */
  public static Outcome execute(TrainConfig config, Path out, Console console) throws IOException {
    RunChecks.machine(config);
    RunFolder folder = RunFolder.check(out);
    return startNew(config, load(config), folder, console);
  }

  /** Creates the (checked) run folder, writes config.json and trains from scratch. */
  public static Outcome startNew(
      TrainConfig config, ImageSet images, RunFolder folder, Console console) throws IOException {
    TrainConfig resolved = resolveClasses(config, images); // before the folder: bad input first
    RunChecks.data(resolved, images);
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
    return RunChecks.classes(config, images);
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
      RunChecks.machine(plan.config());
      ImageSet images = given != null ? given : load(plan.config());
      RunChecks.data(resolveClasses(plan.config(), images), images);
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
   * checkpoint, export (unless stopped) and tell the listeners the end.
   */
  public static Outcome train(Request request) throws IOException {
    try {
      return trainInto(request);
    } catch (IOException e) {
      // Once the data is loaded (in memory or mapped), what fails with an IOException is a write
      // into the run folder (metrics, grids, TensorBoard): a full disk, not a bug.
      Path file =
          e instanceof FileSystemException f && f.getFile() != null
              ? Path.of(f.getFile())
              : request.folder().root();
      throw WriteFailedException.of(file, WriteFailedException.UNKNOWN, e);
    }
  }

  private static Outcome trainInto(Request request) throws IOException {
    TrainConfig config = resolveClasses(request.config(), request.images());
    ImageShape image = RunChecks.data(config, request.images());
    GanModel model = Models.create(config, image);
    RunFolder folder = request.folder();
    long startStep = request.from().map(Checkpoints.Checkpoint::step).orElse(0L);
    logStart(request, config, model, startStep);
    NoiseSource noise =
        new NoiseSource(config.seed(), config.latentDim(), config.noise() == Noise.NORMAL);
    try (RealBatchSource batches =
            RealBatchSource.open(
                RunChecks.resident(config.batchSource(), request.images()),
                request.images(),
                config.batchSize(),
                config.seed(),
                startStep);
        GanSession session =
            new GanSession(
                model, Models.graphSettings(config), config.batchSize(), batches.residentSet());
        RunListeners listeners =
            RunListeners.open(request, config, model, session, noise, batches.batchesPerEpoch())) {
      if (request.from().isPresent()) {
        continueFrom(session, request.from().get(), folder);
      }
      TrainingEvents events = new TrainingEvents(listeners.ordered());
      SampleGrid grid = new SampleGrid(session, image, config.sampleGrid(), noise, model.classes());
      long loopStart = System.nanoTime();
      TrainingLoop.Result result =
          new TrainingLoop(session, batches, grid, events)
              .run(startStep, config.epochs(), config.maxSteps(), config.timeBudgetDuration());
      batches.logDataWait(result.steps() - startStep, System.nanoTime() - loopStart);
      Checkpoints.Checkpoint last = listeners.checkpoints().save(result.steps());
      if (!result.stopped()) {
        RunExports.write(config, model, last, folder);
      }
      RunEnd end = ending(result, events, last);
      logEnd(end, folder);
      events.end(end);
      return new Outcome(folder, end.steps(), last.dir(), result.stopped(), events.collapse());
    }
  }

  /** How the loop's result and the listeners' stop requests end the run. */
  private static RunEnd ending(
      TrainingLoop.Result result, TrainingEvents events, Checkpoints.Checkpoint last) {
    RunEnd.Ending ending =
        events.collapse() != null
            ? RunEnd.Ending.COLLAPSED
            : result.stopped() ? RunEnd.Ending.STOPPED : RunEnd.Ending.FINISHED;
    String reason = ending == RunEnd.Ending.FINISHED ? null : events.stopReason();
    return new RunEnd(result.steps(), ending, reason, last.dir());
  }

  private static void logStart(
      Request request, TrainConfig config, GanModel model, long startStep) {
    ImageSet images = request.images();
    LOG.info(
        "{} {}{} on {} ({} images of {}x{}x{}), {} epochs of batch {} -> {}",
        request.from().isPresent() ? "resuming at step " + startStep + ":" : "training",
        config.model(),
        model.conditional() ? " conditional on " + model.classes() + " classes" : "",
        config.dataset(),
        images.size(),
        images.height(),
        images.width(),
        images.channels(),
        config.epochs(),
        config.batchSize(),
        request.folder().root());
  }

  private static void logEnd(RunEnd end, RunFolder folder) {
    switch (end.ending()) {
      case COLLAPSED ->
          LOG.warn(
              "ended at step {} on collapse (--stop-on-collapse): {}", end.steps(), end.reason());
      case STOPPED ->
          LOG.info(
              "stopped at step {}; continue with: gan train --resume {}",
              end.steps(),
              folder.root());
      case FINISHED -> {}
    }
  }

  /**
   * Restores a checkpoint into the session; evaluations after it will run again, so their lines are
   * dropped, as for metrics.
   */
  private static void continueFrom(
      GanSession session, Checkpoints.Checkpoint checkpoint, RunFolder folder) throws IOException {
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
    if (Files.exists(folder.evalLog())) {
      MetricsLog.keepUpTo(folder.evalLog(), checkpoint.step());
    }
  }
}
