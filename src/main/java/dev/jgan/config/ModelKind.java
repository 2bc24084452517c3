package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The architectures {@code model} names (see the README's "What it trains"). */
public enum ModelKind implements Choice {
  MLP("mlp"),
  DCGAN("dcgan"),
  DCGAN_BN("dcgan-bn");

  private final String spelling;

  ModelKind(String spelling) {
    this.spelling = spelling;
  }

  @Override
  @JsonValue
  public String spelling() {
    return spelling;
  }

  /** The value spelled {@code value}, as config.json and {@code --model} spell it. */
  @JsonCreator
  public static ModelKind of(String value) {
    return Choice.parse(ModelKind.class, "model", value);
  }

  @Override
  public String toString() {
    return spelling;
  }
}
