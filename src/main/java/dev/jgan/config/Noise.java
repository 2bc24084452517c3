package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The distribution of the latent vectors: U[-1, 1] (the seed tutorial's) or N(0, 1). */
public enum Noise implements Choice {
  UNIFORM("uniform"),
  NORMAL("normal");

  private final String spelling;

  Noise(String spelling) {
    this.spelling = spelling;
  }

  @Override
  @JsonValue
  public String spelling() {
    return spelling;
  }

  /** The value spelled {@code value}, as config.json and {@code --noise} spell it. */
  @JsonCreator
  public static Noise of(String value) {
    return Choice.parse(Noise.class, "noise", value);
  }

  @Override
  public String toString() {
    return spelling;
  }
}
