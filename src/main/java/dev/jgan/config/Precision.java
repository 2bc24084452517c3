package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The arithmetic of convolutions and MatMul: float32, or oneDNN's bfloat16 mixed precision. */
public enum Precision implements Choice {
  FLOAT32("float32"),
  BFLOAT16("bfloat16");

  private final String spelling;

  Precision(String spelling) {
    this.spelling = spelling;
  }

  @Override
  @JsonValue
  public String spelling() {
    return spelling;
  }

  /** The value spelled {@code value}, as config.json and {@code --precision} spell it. */
  @JsonCreator
  public static Precision of(String value) {
    return Choice.parse(Precision.class, "precision", value);
  }

  @Override
  public String toString() {
    return spelling;
  }
}
