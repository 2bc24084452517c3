package dev.jgan.train;

import dev.jgan.data.ImageDataset;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * A training step's inputs as graph ops, so that a step needs no host work beyond a seed (and, for
 * a fed set, the batch): docs/DESIGN.md, "The step's inputs".
 *
 * <ul>
 *   <li>{@link #z} and {@link #fakeLabels} are drawn in the graph by stateless random ops from the
 *       step seed (run seed, update number): a pure function of (seed, step), so a resumed run
 *       draws what a straight one would, on any device, with no Java in between.
 *   <li>{@link #realImages} and {@link #realLabels} are gathered from a resident copy of the
 *       training set (uint8, scaled in the graph exactly as {@code ImageDataset.copyImage} scales)
 *       at the fed {@link #batchIndices}, or, without a resident set, fed.
 * </ul>
 *
 * Each is a {@code PlaceholderWithDefault}: feeding it overrides the graph's value, which is how
 * sample grids feed their fixed noise and tests feed chosen batches.
 */
final class StepInputs {
  /**
   * Streams of the step seed's first word for the noise and G's classes. Dropout layers number
   * theirs 1, 2, ... (VariableStore.nextRandomSeed), far below these.
   */
  static final long NOISE_STREAM = 0x4e01;

  static final long LABEL_STREAM = 0x4e02;

  /** The decoded size up to which AUTO keeps a set in the graph (docs/DESIGN.md). */
  static final long AUTO_RESIDENT_BYTES = 256L << 20;

  /**
   * The largest set kept in the graph on request: the constant lives in the GraphDef, which
   * protobuf limits to 2 GB, and is copied once more when the session starts.
   */
  static final long MAX_RESIDENT_BYTES = 1L << 30;

  final Operand<TFloat32> realImages; // [N, H, W, C] in [-1, 1]
  final Operand<TInt32> realLabels; // [N], or null (unconditional)
  final Placeholder<TInt32> batchIndices; // [N] into the resident set, or null (fed)
  final Operand<TFloat32> z; // [N, latent]
  final Operand<TInt32> fakeLabels; // [N] in [0, K), or null (unconditional)

  /**
   * @param batchSize N of the drawn noise and classes (the real batch's size when fed)
   * @param normalNoise N(0, 1) noise when true, else U[-1, 1), as {@code NoiseSource} draws
   * @param resident the training set to keep in the graph, or null to feed real batches
   */
  StepInputs(
      Ops tf,
      GanModel model,
      Operand<TInt64> stepSeed,
      int batchSize,
      boolean normalNoise,
      ImageDataset resident) {
    ImageShape image = model.imageShape();
    Shape imagesShape = Shape.of(-1, image.height(), image.width(), image.channels());
    Ops inputs = tf.withSubScope("inputs");
    if (resident != null) {
      batchIndices =
          tf.withName("batch_indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      realImages =
          tf.withName("real_images")
              .placeholderWithDefault(gatherImages(inputs, resident, batchIndices), imagesShape);
      realLabels =
          model.conditional()
              ? tf.withName("real_labels")
                  .placeholderWithDefault(
                      inputs.gather(labels(inputs, resident), batchIndices, inputs.constant(0)),
                      Shape.of(-1))
              : null;
    } else {
      batchIndices = null;
      realImages =
          tf.withName("real_images").placeholder(TFloat32.class, Placeholder.shape(imagesShape));
      realLabels =
          model.conditional()
              ? tf.withName("real_labels")
                  .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)))
              : null;
    }
    z =
        tf.withName("z")
            .placeholderWithDefault(
                noise(inputs, stepSeed, batchSize, model.latentDim(), normalNoise),
                Shape.of(-1, model.latentDim()));
    fakeLabels =
        model.conditional()
            ? tf.withName("fake_labels")
                .placeholderWithDefault(
                    inputs.random.statelessRandomUniformInt(
                        inputs.constant(new long[] {batchSize}),
                        streamSeed(inputs, stepSeed, LABEL_STREAM),
                        inputs.constant(0),
                        inputs.constant(model.classes())),
                    Shape.of(-1))
            : null;
  }

  /** Whether AUTO keeps {@code data} in the graph: its decoded bytes are few enough. */
  static boolean residentByDefault(ImageDataset data) {
    return data.pixelBytes().length <= AUTO_RESIDENT_BYTES;
  }

  /** [batchSize, latent] noise of this step: N(0, 1), or U[-1, 1) as 2u - 1. */
  private static Operand<TFloat32> noise(
      Ops tf, Operand<TInt64> stepSeed, int batchSize, int latent, boolean normal) {
    Operand<TInt64> shape = tf.constant(new long[] {batchSize, latent});
    Operand<TInt64> seed = streamSeed(tf, stepSeed, NOISE_STREAM);
    if (normal) {
      return tf.random.statelessRandomNormal(shape, seed);
    }
    return tf.math.sub(
        tf.math.mul(tf.random.statelessRandomUniform(shape, seed), tf.constant(2f)),
        tf.constant(1f));
  }

  /** The step seed with {@code stream} in the high half of its first word. */
  private static Operand<TInt64> streamSeed(Ops tf, Operand<TInt64> stepSeed, long stream) {
    return tf.math.add(stepSeed, tf.constant(new long[] {stream << 32, 0}));
  }

  /**
   * The images at {@code indices}, p / 127.5 - 1 per byte p: the same float32 operations as {@code
   * ImageDataset.copyImage}, so a gathered batch equals the fed one bit for bit.
   */
  private static Operand<TFloat32> gatherImages(
      Ops tf, ImageDataset data, Operand<TInt32> indices) {
    // [size, H, W, C] uint8: a quarter of the memory of floats.
    Operand<TUint8> pixels =
        tf.withName("resident_pixels")
            .constant(
                TUint8.class,
                Shape.of(data.size(), data.height(), data.width(), data.channels()),
                DataBuffers.of(data.pixelBytes(), true, false));
    Operand<TUint8> batch = tf.gather(pixels, indices, tf.constant(0)); // [N, H, W, C]
    return tf.math.sub(
        tf.math.div(tf.dtypes.cast(batch, TFloat32.class), tf.constant(127.5f)), tf.constant(1f));
  }

  /** The set's labels, [size] int32. */
  private static Operand<TInt32> labels(Ops tf, ImageDataset data) {
    byte[] bytes = data.labelBytes();
    int[] labels = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      labels[i] = bytes[i] & 0xff;
    }
    return tf.withName("resident_labels").constant(labels);
  }
}
