package dev.jgan.config;

import java.util.Map;

/**
 * Defaults that depend on the model, applied over {@link Defaults} wherever no preset, file or flag
 * set the key. Keys are config keys; each value carries its reason.
 */
final class ModelDefaults {
  private ModelDefaults() {}

  static Map<String, Object> of(String model, boolean conditional) {
    if (model.equals("dcgan") && conditional) {
      // At 256 the conditional D (label planes) wins within ~100 steps and G dies (all-black
      // samples) with either output; at 64 it trained: rows of the right digits after one epoch.
      return Map.of("batch_size", 64, "noise", "normal", "g_output", "sigmoid");
    }
    return switch (model) {
      // The Keras tutorial's batch: 256 images per step keep its conv D's gradients smooth.
      // Normal noise as in the tutorial (randn). The sigmoid recipe: the tutorial's tanh
      // extension kills the generator (DcGan.Output says why).
      case "dcgan" -> Map.of("batch_size", 256, "noise", "normal", "g_output", "sigmoid");
      // The DCGAN paper trained with mini-batches of 128; 64 as in the TF1 reference code halves
      // the memory of a 64x64 RGB step. Uniform noise is the paper's choice.
      case "dcgan-bn" -> Map.of("batch_size", 64, "noise", "uniform");
      default -> Map.of();
    };
  }
}
