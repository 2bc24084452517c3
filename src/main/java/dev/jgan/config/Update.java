package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How one training step updates the two networks (see {@code GanGraph}). */
public enum Update implements Choice {
  /** D's update, then G's against the updated D, each in its own Session.run (run dStep, gStep). */
  ALTERNATING("alternating"),
  /** Both gradients from one forward pass, both updates in one Session.run (dStep + gStep). */
  SIMULTANEOUS("simultaneous");

  private final String spelling;

  Update(String spelling) {
    this.spelling = spelling;
  }

  @Override
  @JsonValue
  public String spelling() {
    return spelling;
  }

  /** The value spelled {@code value}, as config.json and {@code --update} spell it. */
  @JsonCreator
  public static Update of(String value) {
    return Choice.parse(Update.class, "update", value);
  }

  @Override
  public String toString() {
    return spelling;
  }
}
