package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The architectures {@code model} names (see the README's "What it trains"). */
public enum ModelKind implements Choice {
  MLP,
  DCGAN,
  DCGAN_BN;

  /** The value spelled {@code value}, as config.json and the flag spell it. */
  @JsonCreator
  public static ModelKind of(String value) {
    return Choice.parse(ModelKind.class, "model", value);
  }

  @JsonValue
  @Override
  public String toString() {
    return spelling();
  }
}
