package dev.jgan.train;

import java.io.Flushable;
import java.io.IOException;

/**
 * Saves a checkpoint every {@code everyEpochs} epochs, when the {@link CheckpointCadence} (time,
 * steps) says so, and at the end of the run.
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

  /**
   * @param session the session saved mid-epoch (epoch ends and the finish pass their own)
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
  public void onStep(StepMetrics metrics) throws IOException {
    if (cadence.due(metrics.step())) {
      save(session, metrics.step());
    }
  }

  @Override
  public void onEpochEnd(int epoch, long step, GanSession session) throws IOException {
    if (epoch % everyEpochs == 0) {
      save(session, step);
    }
  }

  @Override
  public void onFinish(long step, GanSession session) throws IOException {
    save(session, step);
  }

  /** Saves unless a checkpoint of this very step was just written. */
  public Checkpoints.Checkpoint save(GanSession session, long step) throws IOException {
    if (lastSaved == null || lastSaved.step() != step) {
      log.flush();
      lastSaved = checkpoints.save(session, step, batchesPerEpoch, seed);
      cadence.saved();
    }
    return lastSaved;
  }
}
