package dev.jgan.train;

/**
 * Holds the real batch a step trains on ({@link GanSession#trainStep(long, Batch)}); the sources
 * that make them are in {@code train.batches}. The holder keeps this name until the step's rewrite
 * gives the batch a top-level name of its own.
 */
public final class ImageBatches {
  private ImageBatches() {}

  /**
   * A real batch, in one of two forms: {@code images} [batch * H * W * C] in [-1, 1] with their
   * class labels [batch], or, when the training set is resident in the graph, only the images'
   * {@code indices} [batch] into it (images and labels null). Valid until the source's next call.
   */
  public record Batch(float[] images, int[] labels, int[] indices) {
    public static Batch ofImages(float[] images, int[] labels) {
      return new Batch(images, labels, null);
    }

    public static Batch ofIndices(int[] indices) {
      return new Batch(null, null, indices);
    }
  }
}
