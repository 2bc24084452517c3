package dev.jgan.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Defaults that depend on the model, applied over {@link Defaults} wherever no preset, file or flag
 * set the key. Keys are config keys; each value carries its reason.
 */
final class ModelDefaults {
  private ModelDefaults() {}

  /** The 28x28 grey data sets built in (IDX files), where dcgan-bn has its own recipe. */
  private static final Set<String> DIGIT_SETS = Set.of("mnist", "fashion-mnist");

  /**
   * @param dataset the config's data set: MNIST-like sets (the built-in IDX sets) get dcgan-bn's
   *     small-image recipe
   */
  static Map<String, Object> of(String model, boolean conditional, String dataset) {
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
      // extension kills the generator (DcGan.Output says why). Batch, rates and step: the sweep
      // behind Defaults.DCGAN_BATCH_SIZE.
      return Map.of(
          "batch_size",
          Defaults.DCGAN_BATCH_SIZE,
          "noise",
          Noise.NORMAL,
          "g_output",
          GOutput.SIGMOID,
          "g_lr",
          Defaults.DCGAN_G_LEARNING_RATE,
          "d_lr",
          Defaults.DCGAN_D_LEARNING_RATE,
          "update",
          Defaults.DCGAN_UPDATE);
    }
    if (model.equals(ModelKind.DCGAN_BN.spelling())) {
      // Uniform noise is the DCGAN paper's choice.
      Map<String, Object> paper =
          Map.of("batch_size", Defaults.DCGAN_BN_BATCH_SIZE, "noise", Noise.UNIFORM);
      if (!DIGIT_SETS.contains(dataset)) {
        return paper;
      }
      Map<String, Object> digits = new HashMap<>(paper);
      digits.put("base_width", Defaults.DIGITS_DCGAN_BN_BASE_WIDTH);
      digits.put("g_lr", Defaults.DIGITS_DCGAN_BN_LEARNING_RATE);
      digits.put("d_lr", Defaults.DIGITS_DCGAN_BN_LEARNING_RATE);
      digits.put("update", Defaults.DIGITS_DCGAN_BN_UPDATE);
      return digits;
    }
    return Map.of();
  }
}
