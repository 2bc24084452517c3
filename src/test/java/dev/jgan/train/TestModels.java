package dev.jgan.train;

import dev.jgan.config.Update;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.optim.AdamSettings;
import dev.jgan.train.graph.GanGraph;
import java.util.List;
import java.util.SplittableRandom;

/** Small models and inputs shared by the tests. */
public final class TestModels {
  private TestModels() {}

  public static final int LATENT = 8;

  public static GanModel tinyMlp() {
    return new MlpGan(LATENT, ImageShape.MNIST, List.of(16, 16), List.of(16, 16));
  }

  public static GanGraph.Settings settings(long seed) {
    return settings(seed, Update.ALTERNATING);
  }

  public static GanGraph.Settings settings(long seed, Update update) {
    AdamSettings adam = new AdamSettings(2e-4f, 0.5f, 0.999f, 1e-7f);
    return new GanGraph.Settings(0.9f, adam, adam, seed, update, false, 0f, true, List.of());
  }

  /** Uniform values in [-1, 1], reproducible from the seed. */
  public static float[] uniform(long seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return out;
  }

  /** {@link TrainRunTest#stripes}: 28x28 stripes labelled 0..9, for tests of other packages. */
  public static dev.jgan.data.ImageDataset stripes(int count) {
    return TrainRunTest.stripes(count);
  }

  /** {@link TrainRunTest#stripes(int, int)}: {@code count} stripes labelled 0..classes-1. */
  public static dev.jgan.data.ImageDataset stripes(int count, int classes) {
    return TrainRunTest.stripes(count, classes);
  }
}
