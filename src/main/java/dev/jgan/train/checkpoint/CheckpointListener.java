package dev.jgan.train.checkpoint;

import dev.jgan.train.GanSession;
import dev.jgan.train.StepMetrics;
import dev.jgan.train.loop.CheckpointSaved;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.RunBegin;
import dev.jgan.train.loop.RunControl;
import dev.jgan.train.loop.TrainingListener;
import java.io.Flushable;
import java.io.IOException;

/**
 * Saves a checkpoint every {@code everyEpochs} epochs, when the {@link CheckpointCadence} (time,
 * steps) says so, and at the end of the run ({@link #save}, called by the run after its loop); each
 * one is reported to every listener.
 */
public final class CheckpointListener implements TrainingListener {
  private final Checkpoints checkpoints;
  private final int everyEpochs;
  private final int batchesPerEpoch;
  private final long seed;
  private final CheckpointCadence cadence;
  private final GanSession session;
  private final Flushable log;
  private Checkpoints.Checkpoint lastSaved;
  private RunControl control;

  /**
   * @param session the session saved
   * @param log flushed before each checkpoint, so that a kill after it loses no line it covers
   */
  public CheckpointListener(
      Checkpoints checkpoints,
      int everyEpochs,
      int batchesPerEpoch,
      long seed,
      CheckpointCadence cadence,
      GanSession session,
      Flushable log) {
    this.checkpoints = checkpoints;
    this.everyEpochs = everyEpochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.seed = seed;
    this.cadence = cadence;
    this.session = session;
    this.log = log;
  }

  @Override
  public void onBegin(RunBegin begin, RunControl control) {
    this.control = control;
  }

  @Override
  public void onStep(StepMetrics metrics) throws IOException {
    if (cadence.due(metrics.step())) {
      save(metrics.step());
    }
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) throws IOException {
    if (epoch.epoch() % everyEpochs == 0) {
      save(epoch.step());
    }
  }

  /** Saves unless a checkpoint of this very step was just written. */
  public Checkpoints.Checkpoint save(long step) throws IOException {
    if (lastSaved == null || lastSaved.step() != step) {
      log.flush();
      lastSaved = checkpoints.save(session, step, batchesPerEpoch, seed);
      cadence.saved();
      control.checkpointSaved(new CheckpointSaved(step, lastSaved.dir()));
    }
    return lastSaved;
  }
}
