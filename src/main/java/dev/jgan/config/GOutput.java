package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** G's last activation: tanh, or dcgan's 2 * sigmoid - 1 recipe (see {@code DcGan.Output}). */
public enum GOutput implements Choice {
  TANH("tanh"),
  SIGMOID("sigmoid");

  private final String spelling;

  GOutput(String spelling) {
    this.spelling = spelling;
  }

  @Override
  @JsonValue
  public String spelling() {
    return spelling;
  }

  /** The value spelled {@code value}, as config.json and {@code --g-output} spell it. */
  @JsonCreator
  public static GOutput of(String value) {
    return Choice.parse(GOutput.class, "g_output", value);
  }

  @Override
  public String toString() {
    return spelling;
  }
}
