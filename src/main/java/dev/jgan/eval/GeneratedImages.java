package dev.jgan.eval;

import dev.jgan.generate.GeneratorModel;
import dev.jgan.model.ImageShape;
import dev.jgan.random.Latents;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The images an evaluation scores: {@code count} from the latent vectors of {@code gan generate
 * --seed S} (image i here is its image i), labels 0..K-1 in turn for a conditional generator.
 *
 * @param pixels NHWC in [-1, 1]
 * @param labels the label asked for each image (i % K), null for an unconditional generator
 */
public record GeneratedImages(float[] pixels, ImageShape shape, int count, int[] labels) {

  /**
   * @param checkShape refuses the shape the generator makes, before the rest is generated
   */
  public static GeneratedImages generate(
      GeneratorModel generator, int count, long seed, Consumer<ImageShape> checkShape) {
    Latents latents =
        Latents.random(seed, generator.latentDim(), generator.noise().equals("normal"));
    int classes = generator.classes();
    int[] labels = classes > 0 ? ConditionalMetrics.cyclingLabels(count, classes) : null;
    float[] pixels = null;
    ImageShape shape = null;
    for (int from = 0; from < count; from += Evaluation.GENERATE_BATCH) {
      int n = Math.min(Evaluation.GENERATE_BATCH, count - from);
      float[] z = latents.batch(from, n);
      float[] batch =
          labels == null
              ? generator.generate(z, n)
              : generator.generate(z, Arrays.copyOfRange(labels, from, from + n), n);
      if (shape == null) {
        shape = generator.imageShape();
        checkShape.accept(shape);
        pixels = new float[Math.multiplyExact(count, shape.pixels())];
      }
      System.arraycopy(batch, 0, pixels, from * shape.pixels(), batch.length);
    }
    return new GeneratedImages(pixels, shape, count, labels);
  }
}
