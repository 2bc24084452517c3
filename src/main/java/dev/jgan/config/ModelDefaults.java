package dev.jgan.config;

import java.util.Map;

/**
 * Defaults that depend on the model, applied over {@link Defaults} wherever no preset, file or flag
 * set the key. Keys are config keys; each value carries its reason.
 */
final class ModelDefaults {
  private ModelDefaults() {}

  static Map<String, Object> of(String model, boolean conditional) {
    if (model.equals(ModelKind.DCGAN.spelling()) && conditional) {
      // Defaults.CONDITIONAL_DCGAN_BATCH_SIZE says why.
      return Map.of(
          "batch_size",
          Defaults.CONDITIONAL_DCGAN_BATCH_SIZE,
          "noise",
          Noise.NORMAL,
          "g_output",
          GOutput.SIGMOID);
    }
    if (model.equals(ModelKind.DCGAN.spelling())) {
      // Normal noise as in the tutorial (randn). The sigmoid recipe: the tutorial's tanh
      // extension kills the generator (DcGan.Output says why).
      return Map.of(
          "batch_size",
          Defaults.DCGAN_BATCH_SIZE,
          "noise",
          Noise.NORMAL,
          "g_output",
          GOutput.SIGMOID);
    }
    if (model.equals(ModelKind.DCGAN_BN.spelling())) {
      // Uniform noise is the DCGAN paper's choice.
      return Map.of("batch_size", Defaults.DCGAN_BN_BATCH_SIZE, "noise", Noise.UNIFORM);
    }
    return Map.of();
  }
}
