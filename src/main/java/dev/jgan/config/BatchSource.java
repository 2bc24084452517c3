package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a training step's real batch comes from (docs/DESIGN.md, "The step's inputs"). Noise and
 * G's classes are drawn inside the graph either way.
 */
public enum BatchSource implements Choice {
  /** GRAPH when the decoded training set is small enough, else FEED. */
  AUTO,
  /**
   * The training set lives in the graph as a resource variable (uint8 on the CPU build, float16 on
   * the GPU build; exact for every byte value either way), filled once when the session starts and
   * kept out of checkpoints; each step feeds only its batch's indices and gathers and scales the
   * images in the graph (train/graph/StepInputs says why a variable and not a constant).
   */
  GRAPH,
  /** A background thread converts each batch to floats in Java and the step feeds it. */
  FEED;

  /** The value spelled {@code value}, as config.json and the flag spell it. */
  @JsonCreator
  public static BatchSource of(String value) {
    return Choice.parse(BatchSource.class, "batch_source", value);
  }

  @JsonValue
  @Override
  public String toString() {
    return spelling();
  }
}
