package dev.jgan.train;

import java.io.IOException;

/** Observes the training loop: logs, progress, sample grids, checkpoints. */
public interface TrainingListener {
  default void onStep(StepMetrics metrics) throws IOException {}

  /** After the last step of an epoch (or of a run cut short by max_steps). */
  default void onEpochEnd(int epoch, long step, GanSession session) throws IOException {}

  default void onFinish(long step, GanSession session) throws IOException {}
}
