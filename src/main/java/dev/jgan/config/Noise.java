package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The distribution of the latent vectors: U[-1, 1] (the seed tutorial's) or N(0, 1). */
public enum Noise implements Choice {
  UNIFORM,
  NORMAL;

  /** The value spelled {@code value}, as config.json and the flag spell it. */
  @JsonCreator
  public static Noise of(String value) {
    return Choice.parse(Noise.class, "noise", value);
  }

  @JsonValue
  @Override
  public String toString() {
    return spelling();
  }
}
