package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A policy of differentiable augmentation (DiffAugment, Zhao et al. 2020): a random transform
 * applied to every image D sees in training, real and generated alike (docs/DESIGN.md,
 * "Augmentation"). Declared in the order they are applied, DiffAugment's
 * "color,translation,cutout".
 */
public enum Augment implements Choice {
  /** Per image: brightness, saturation (RGB only) and contrast, each by a random factor. */
  COLOR,
  /** Per image: a random integer shift of up to 1/8 of the size in each axis, zero padded. */
  TRANSLATION,
  /** Per image: a square of half the image's size at a random place set to zero. */
  CUTOUT;

  /** The spelling of no augmentation, the empty set of policies. */
  public static final String NONE = "none";

  /** The value spelled {@code value}, as config.json and the flag spell it. */
  @JsonCreator
  public static Augment of(String value) {
    return Choice.parse(Augment.class, "augment", value);
  }

  @JsonValue
  @Override
  public String toString() {
    return spelling();
  }
}
