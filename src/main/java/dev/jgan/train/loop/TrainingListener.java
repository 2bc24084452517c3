package dev.jgan.train.loop;

import dev.jgan.train.StepMetrics;
import java.io.IOException;

/**
 * Hears one training run: its begin, each step, each epoch's end with the sample grid, each
 * checkpoint, each evaluation, and its end (finished, stopped or collapsed). The CLI's progress
 * bar, logs, TensorBoard, grid writer, checkpoints, evaluation and collapse detector are all
 * listeners; so is a service's. Every method runs on the training thread, in the order the
 * listeners were registered. A listener never carries state to another: what one makes (a
 * checkpoint, an evaluation) it reports through the {@link RunControl} given at begin, and the
 * others hear it right after the event in progress; a stop it asks for there ends the run at the
 * step boundary.
 */
public interface TrainingListener {
  /** Before the first step of this run (or of this resumption). */
  default void onBegin(RunBegin begin, RunControl control) throws IOException {}

  default void onStep(StepMetrics step) throws IOException {}

  /** After the last step of an epoch (or of a run cut short by its length or time budget). */
  default void onEpochEnd(EpochEnd epoch) throws IOException {}

  default void onCheckpoint(CheckpointSaved checkpoint) throws IOException {}

  default void onEvaluation(EvaluationDone evaluation) throws IOException {}

  /**
   * Once, after the last checkpoint (and the export of a finished run), however the run ended but
   * by a failure: a failure throws out of the run and ends no listener.
   */
  default void onEnd(RunEnd end) throws IOException {}
}
