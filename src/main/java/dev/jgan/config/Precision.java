package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The arithmetic of convolutions and MatMul: float32, or oneDNN's bfloat16 mixed precision. */
public enum Precision implements Choice {
  FLOAT32,
  BFLOAT16;

  /** The value spelled {@code value}, as config.json and the flag spell it. */
  @JsonCreator
  public static Precision of(String value) {
    return Choice.parse(Precision.class, "precision", value);
  }

  @JsonValue
  @Override
  public String toString() {
    return spelling();
  }
}
