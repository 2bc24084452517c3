package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.run.RunFolder;
import dev.jgan.train.checkpoint.Checkpoints;
import dev.jgan.train.collapse.CollapseDetector;
import dev.jgan.train.loop.CheckpointSaved;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.RunBegin;
import dev.jgan.train.loop.RunControl;
import dev.jgan.train.loop.RunEnd;
import dev.jgan.train.loop.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a caller's listener hears of a run, and a stop it asks for. */
class TrainingEventsTest {
  /** Writes down every event it hears; asks for a stop after step {@code stopAt} (0: never). */
  private static final class Recorder implements TrainingListener {
    final List<String> heard = new ArrayList<>();
    final List<EpochEnd> epochs = new ArrayList<>();
    final List<CheckpointSaved> checkpoints = new ArrayList<>();
    final long stopAt;
    RunEnd end;
    private RunControl control;

    Recorder(long stopAt) {
      this.stopAt = stopAt;
    }

    @Override
    public void onBegin(RunBegin begin, RunControl control) {
      this.control = control;
      heard.add("begin " + begin.startStep() + "/" + begin.totalSteps());
    }

    @Override
    public void onStep(StepMetrics step) {
      heard.add("step " + step.step());
      if (step.step() == stopAt) {
        control.requestStop("the test's listener");
      }
    }

    @Override
    public void onEpochEnd(EpochEnd epoch) {
      heard.add("epoch " + epoch.epoch());
      epochs.add(epoch);
    }

    @Override
    public void onCheckpoint(CheckpointSaved checkpoint) {
      heard.add("checkpoint " + checkpoint.step());
      checkpoints.add(checkpoint);
    }

    @Override
    public void onEnd(RunEnd end) {
      heard.add("end " + end.ending());
      this.end = end;
    }
  }

  private static TrainRun.Outcome train(TrainConfig config, Path dir, Recorder recorder)
      throws Exception {
    RunFolder folder = RunFolder.check(dir);
    try (var lock = folder.claim()) {
      return TrainRun.train(
          new TrainRun.Request(
              config,
              TrainRunTest.stripes(40),
              folder,
              Optional.empty(),
              TrainRun.Console.quiet(),
              CollapseDetector.DEFAULTS,
              List.of(recorder)));
    }
  }

  @Test
  void aListenerHearsBeginStepsEpochsWithTheGridCheckpointsAndTheEnd(@TempDir Path dir)
      throws Exception {
    // 40 images / batch 8: 5 steps an epoch, 2 epochs; a checkpoint each epoch (the default).
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(Map.of("epochs", 2, "max_steps", 0L, "batch_size", 8))
            .resolve();
    Recorder recorder = new Recorder(0);
    TrainRun.Outcome outcome = train(config, dir.resolve("run"), recorder);

    assertEquals(
        List.of(
            "begin 0/10",
            "step 1",
            "step 2",
            "step 3",
            "step 4",
            "step 5",
            "epoch 1",
            "checkpoint 5",
            "step 6",
            "step 7",
            "step 8",
            "step 9",
            "step 10",
            "epoch 2",
            "checkpoint 10",
            "end FINISHED"),
        recorder.heard);
    // The grid in memory is the picture the grid writer saved.
    var saved = ImageIO.read(outcome.folder().samples().resolve("epoch-002.png").toFile());
    var grid = recorder.epochs.get(1).grid();
    assertEquals(saved.getWidth(), grid.getWidth());
    assertEquals(saved.getRGB(30, 30), grid.getRGB(30, 30));
    for (CheckpointSaved c : recorder.checkpoints) {
      assertTrue(Files.exists(c.dir().resolve("model.index")), c.toString());
    }
    assertEquals(outcome.checkpoint(), recorder.end.checkpoint());
    assertEquals(10, recorder.end.steps());
  }

  /** A listener's stop: the run ends after that step with a checkpoint, no export, and an end. */
  @Test
  void aListenersStopEndsTheRunAtTheStepWithACheckpointAndAnEnd(@TempDir Path dir)
      throws Exception {
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(Map.of("epochs", 2, "max_steps", 0L, "batch_size", 8))
            .resolve();
    Recorder recorder = new Recorder(3);
    TrainRun.Outcome outcome = train(config, dir.resolve("run"), recorder);

    assertTrue(outcome.stopped());
    assertEquals(3, outcome.steps());
    assertEquals(
        List.of("begin 0/10", "step 1", "step 2", "step 3", "checkpoint 3", "end STOPPED"),
        recorder.heard);
    assertEquals(RunEnd.Ending.STOPPED, recorder.end.ending());
    assertEquals("the test's listener", recorder.end.reason());
    Checkpoints.Checkpoint latest =
        new Checkpoints(outcome.folder().checkpoints(), 3).latest().orElseThrow();
    assertEquals(3, latest.step());
    assertEquals(latest.dir(), recorder.end.checkpoint());
    assertFalse(Files.exists(outcome.folder().export()), "a stopped run is not exported");
  }
}
