package dev.jgan.train;

/** The real batches the loop trains on, epoch after epoch. */
public interface ImageBatches {
  int batchesPerEpoch();

  /**
   * A real batch, in one of two forms: {@code images} [batch * H * W * C] in [-1, 1] with their
   * class labels [batch], or, when the training set is resident in the graph, only the images'
   * {@code indices} [batch] into it (images and labels null). Valid until the next call of {@link
   * #next()}.
   */
  record Batch(float[] images, int[] labels, int[] indices) {
    public static Batch ofImages(float[] images, int[] labels) {
      return new Batch(images, labels, null);
    }

    public static Batch ofIndices(int[] indices) {
      return new Batch(null, null, indices);
    }
  }

  /** The next batch; its arrays are valid until the next call. */
  Batch next();
}
