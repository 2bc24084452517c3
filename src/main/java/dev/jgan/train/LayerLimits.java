package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.config.TrainConfig;
import java.util.List;
import java.util.Locale;

/**
 * Bounds on the MLP layer lists ({@code g_hidden}, {@code d_hidden}), checked before the run folder
 * is made: a config with millions of entries passes every per-value check but builds a graph for
 * hours and writes a config.json of tens of MB (issue 26). The bounds are far above any model that
 * trains here.
 */
final class LayerLimits {
  /** Hidden layers per network. */
  static final int MAX_LAYERS = 64;

  /** Units per layer. */
  static final int MAX_WIDTH = 65_536;

  /** Weights of one network's dense layers: 4 GiB of float32. */
  static final long MAX_WEIGHTS = 1L << 30;

  private LayerLimits() {}

  /** Throws naming the key and the bound it breaks. */
  static void check(TrainConfig config) {
    int pixels = config.imageShape().pixels();
    check("g_hidden", config.gHidden(), config.latentDim(), pixels);
    check("d_hidden", config.dHidden(), pixels, 1);
  }

  private static void check(String key, List<Integer> widths, int in, int out) {
    if (widths == null) {
      return;
    }
    String named = key + " (" + TrainConfig.flagOf(key) + ")";
    if (widths.size() > MAX_LAYERS) {
      throw new BadInputException(
          String.format(
              Locale.ROOT,
              "bad %s: %,d layers; give at most %d, e.g. 256,256",
              named,
              widths.size(),
              MAX_LAYERS));
    }
    long weights = 0;
    int previous = in;
    for (int i = 0; i < widths.size(); i++) {
      Integer w = widths.get(i);
      if (w != null && w > MAX_WIDTH) {
        throw new BadInputException(
            String.format(
                Locale.ROOT,
                "bad %s: layer %d has %,d units; give at most %,d",
                named,
                i + 1,
                w,
                MAX_WIDTH));
      }
      int width = w == null ? 0 : w;
      weights += (long) previous * width;
      previous = width;
    }
    weights += (long) previous * out;
    if (weights > MAX_WEIGHTS) {
      throw new BadInputException(
          String.format(
              Locale.ROOT,
              "bad %s: %s makes %,d weights (%s of float32); give at most %,d, narrower or fewer"
                  + " layers",
              named,
              widths,
              weights,
              dev.jgan.ByteSize.of(weights * Float.BYTES),
              MAX_WEIGHTS));
    }
  }
}
