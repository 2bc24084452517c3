package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** G's last activation: tanh, or dcgan's 2 * sigmoid - 1 recipe (see {@code DcGan.Output}). */
public enum GOutput implements Choice {
  TANH,
  SIGMOID;

  /** The value spelled {@code value}, as config.json and the flag spell it. */
  @JsonCreator
  public static GOutput of(String value) {
    return Choice.parse(GOutput.class, "g_output", value);
  }

  @JsonValue
  @Override
  public String toString() {
    return spelling();
  }
}
