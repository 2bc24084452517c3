package dev.jgan.train;

import java.io.IOException;

/** Saves a checkpoint every {@code everyEpochs} epochs and at the end of the run. */
public final class CheckpointListener implements TrainingListener {
  private final Checkpoints checkpoints;
  private final int everyEpochs;
  private final int batchesPerEpoch;
  private final long seed;
  private Checkpoints.Checkpoint lastSaved;

  public CheckpointListener(
      Checkpoints checkpoints, int everyEpochs, int batchesPerEpoch, long seed) {
    this.checkpoints = checkpoints;
    this.everyEpochs = everyEpochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.seed = seed;
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
      lastSaved = checkpoints.save(session, step, batchesPerEpoch, seed);
    }
    return lastSaved;
  }
}
