package dev.jgan.train.loop;

import java.io.IOException;

/**
 * What a listener may do to its run, given at {@link TrainingListener#onBegin}: ask for a stop, and
 * report what it made so that the other listeners hear it.
 */
public interface RunControl {
  /**
   * Ends the run after the step in progress, with a checkpoint and no export ({@code --resume}
   * continues it). A request at the run's last step changes nothing: it finishes. Safe from any
   * thread; the first reason is kept.
   */
  void requestStop(String reason);

  /**
   * As {@link #requestStop}, for a collapse ({@code --stop-on-collapse}): the run ends {@link
   * RunEnd.Ending#COLLAPSED}, even at its last step.
   */
  void requestCollapseStop(String reason);

  /** A checkpoint was written: every listener hears it after the event in progress. */
  void checkpointSaved(CheckpointSaved checkpoint) throws IOException;

  /** An evaluation was made: every listener hears it after the event in progress. */
  void evaluated(EvaluationDone evaluation) throws IOException;
}
