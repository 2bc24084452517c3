package dev.jgan.train;

import dev.jgan.config.TrainConfig;
import dev.jgan.data.DatasetFetcher;
import dev.jgan.eval.Evaluation;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.monitor.TensorBoardWriter;
import dev.jgan.random.NoiseSource;
import dev.jgan.run.RunFolder;
import dev.jgan.train.checkpoint.CheckpointCadence;
import dev.jgan.train.checkpoint.CheckpointListener;
import dev.jgan.train.checkpoint.Checkpoints;
import dev.jgan.train.collapse.CollapseDetector;
import dev.jgan.train.collapse.DiversityMeasure;
import dev.jgan.train.listen.EvalListener;
import dev.jgan.train.listen.MetricsLog;
import dev.jgan.train.listen.ProgressReporter;
import dev.jgan.train.listen.SampleGridWriter;
import dev.jgan.train.listen.StopSignalPoll;
import dev.jgan.train.listen.TensorBoardListener;
import dev.jgan.train.loop.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The listeners of one run, in the order they hear each event: the stop poll, metrics.jsonl, the
 * progress bar, the grid writer, TensorBoard, checkpoints, evaluation, the collapse detector, then
 * the request's own. No listener depends on another's order: what one makes it reports as an event
 * (docs/DESIGN.md "Listeners"). Closes what they hold open (logs, the evaluator, the classifier).
 */
final class RunListeners implements AutoCloseable {
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<TrainingListener> ordered = new ArrayList<>();
  private CheckpointListener checkpoints;

  private RunListeners() {}

  static RunListeners open(
      TrainRun.Request request,
      TrainConfig config,
      GanModel model,
      GanSession session,
      NoiseSource noise,
      int batchesPerEpoch)
      throws IOException {
    RunListeners run = new RunListeners();
    try {
      run.add(config, request, model, session, noise, batchesPerEpoch);
      return run;
    } catch (IOException | RuntimeException e) {
      run.close();
      throw e;
    }
  }

  private void add(
      TrainConfig config,
      TrainRun.Request request,
      GanModel model,
      GanSession session,
      NoiseSource noise,
      int batchesPerEpoch)
      throws IOException {
    RunFolder folder = request.folder();
    long startStep = request.from().map(Checkpoints.Checkpoint::step).orElse(0L);
    MetricsLog metrics =
        opened(
            request.from().isPresent()
                ? MetricsLog.continuing(folder.metrics(), startStep)
                : new MetricsLog(folder.metrics()));
    TensorBoardWriter tensorBoard = opened(new TensorBoardWriter(folder.tensorboard()));
    ordered.add(new StopSignalPoll(request.console().stop()));
    ordered.add(metrics);
    ordered.add(new ProgressReporter(request.console().progress(), request.console().tty()));
    ordered.add(new SampleGridWriter(folder.samples()));
    ordered.add(new TensorBoardListener(tensorBoard));
    checkpoints =
        new CheckpointListener(
            new Checkpoints(folder.checkpoints(), config.keep()),
            config.checkpointEvery(),
            batchesPerEpoch,
            config.seed(),
            new CheckpointCadence(
                config.checkpointEveryMinutes(), config.checkpointEverySteps(), System::nanoTime),
            session,
            metrics);
    ordered.add(checkpoints);
    if (config.evalEvery() > 0) {
      ordered.add(opened(evaluation(config, model, session, folder)));
    }
    ImageShape image =
        new ImageShape(
            request.images().height(), request.images().width(), request.images().channels());
    DiversityMeasure diversity =
        opened(DiversityMeasure.forData(config.dataset(), image, request.images()));
    ordered.add(
        new CollapseDetector(
            request.collapseLimits(),
            session,
            noise,
            model.classes(),
            diversity,
            config.stopOnCollapse()));
    ordered.addAll(request.listeners());
  }

  private static EvalListener evaluation(
      TrainConfig config, GanModel model, GanSession session, RunFolder folder) throws IOException {
    return new EvalListener(
        session,
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
        config.noise());
  }

  private <T extends AutoCloseable> T opened(T resource) {
    if (resource != null) {
      opened.add(resource);
    }
    return resource;
  }

  List<TrainingListener> ordered() {
    return List.copyOf(ordered);
  }

  /** The checkpoint writer, for the run's last checkpoint after its loop. */
  CheckpointListener checkpoints() {
    return checkpoints;
  }

  @Override
  public void close() throws IOException {
    IOException failed = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (IOException e) {
        failed = failed == null ? e : failed;
      } catch (Exception e) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
