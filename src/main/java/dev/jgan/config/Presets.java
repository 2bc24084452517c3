package dev.jgan.config;

import java.util.List;

/** The presets bundled in the jar, copied from models/presets/ at build time. */
public final class Presets {
  private Presets() {}

  /** Kept in step with models/presets/*.json; a test checks that every file is listed. */
  public static List<String> names() {
    return List.of("mlp-tutorial", "mlp-pytorch", "dcgan-keras", "dcgan-paper", "tiny");
  }
}
