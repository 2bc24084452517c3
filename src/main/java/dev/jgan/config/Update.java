package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How one training step updates the two networks (see {@code GanGraph}). */
public enum Update implements Choice {
  /** D's update, then G's against the updated D, each in its own Session.run (run dStep, gStep). */
  ALTERNATING,
  /** Both gradients from one forward pass, both updates in one Session.run (dStep + gStep). */
  SIMULTANEOUS,
  /**
   * pytorch/examples dcgan's step in one Session.run (dStep + gStep): D's update on (real, G(z)),
   * then G's update on the same G(z) through D's new weights. One G forward pass per step instead
   * of alternating's two, and still the alternating order.
   */
  ONE_PASS;

  /** The value spelled {@code value}, as config.json and the flag spell it. */
  @JsonCreator
  public static Update of(String value) {
    return Choice.parse(Update.class, "update", value);
  }

  @JsonValue
  @Override
  public String toString() {
    return spelling();
  }
}
