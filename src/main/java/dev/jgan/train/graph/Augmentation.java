package dev.jgan.train.graph;

import dev.jgan.config.Augment;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * DiffAugment (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training", its
 * DiffAugment_tf.py) as graph ops: a random transform T of a batch of [N, H, W, C] images in [-1,
 * 1], differentiable in the images, applied to every batch D sees in a training step
 * (docs/DESIGN.md, "Augmentation").
 *
 * <ul>
 *   <li>color: x + U(-0.5, 0.5); then (x - mean over channels) * U(0, 2) + that mean (skipped for
 *       one channel, where it is the identity); then (x - mean over the image) * U(0.5, 1.5) + that
 *       mean; each factor per image.
 *   <li>translation: a shift by whole pixels in [-r, r], r = round(size / 8), per image and axis,
 *       the vacated pixels 0 (mid-grey, DiffAugment's padding in its [-1, 1] space).
 *   <li>cutout: a square of round(size / 2) pixels centred at a uniform position (clipped at the
 *       border, as DiffAugment's) set to 0, per image.
 * </ul>
 *
 * <p>The draws are stateless, from the step seed ({@link StepInputs#streamSeed}) with streams of
 * their own, so a resumed run draws what a straight one would. Every draw passes a StopGradient:
 * the gradient flows through T to the images only, by ops that have graph-mode gradients in
 * TensorFlow's C++ registry (Add, Sub, Mul, Mean, Reshape, BatchMatMulV3).
 */
final class Augmentation {
  /** DiffAugment's ratios: shifts up to 1/8 of the size, a cutout of half of it. */
  static final double TRANSLATION_RATIO = 0.125;

  static final double CUTOUT_RATIO = 0.5;

  /** Streams one application may use: its first stream + 0 .. STREAMS - 1. */
  static final int STREAMS = 16;

  /**
   * The first stream of tower {@code tower}'s augmentation of its real batch, or of its G(z): each
   * its own, so real and generated images, and each tower's shard, get independent draws.
   */
  static long firstStream(int tower, boolean generated) {
    return StepInputs.AUGMENT_STREAM + (2L * tower + (generated ? 1 : 0)) * STREAMS;
  }

  // The draws of an application, by their offset from its first stream.
  private static final int BRIGHTNESS = 0;
  private static final int SATURATION = 1;
  private static final int CONTRAST = 2;
  private static final int SHIFT_ROWS = 3;
  private static final int SHIFT_COLUMNS = 4;
  private static final int CUTOUT_ROWS = 5;
  private static final int CUTOUT_COLUMNS = 6;

  private final Ops tf;
  private final Operand<TInt64> stepSeed;
  private final long firstStream;
  private final int height;
  private final int width;
  private final int channels;
  private final Operand<TInt32> batch; // [1]: N, from the images' shape

  private Augmentation(
      Ops tf,
      Operand<TInt64> stepSeed,
      long firstStream,
      int height,
      int width,
      int channels,
      Operand<TInt32> batch) {
    this.tf = tf;
    this.stepSeed = stepSeed;
    this.firstStream = firstStream;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.batch = batch;
  }

  /**
   * T(images) for {@code policies} (empty: the images themselves, no op added), in the order of
   * {@link Augment}.
   *
   * @param firstStream the first of this application's {@link #STREAMS} streams of the step seed;
   *     another application (the real batch, G's images, another tower) needs other streams
   */
  static Operand<TFloat32> apply(
      Ops tf,
      List<Augment> policies,
      Operand<TFloat32> images,
      Operand<TInt64> stepSeed,
      long firstStream) {
    if (policies.isEmpty()) {
      return images;
    }
    Shape shape = images.shape();
    if (shape.numDimensions() != 4 || shape.get(1) < 0 || shape.get(2) < 0 || shape.get(3) < 0) {
      throw new IllegalArgumentException("augmentation needs [N, H, W, C] images, not " + shape);
    }
    // N from the images' shape, behind a StopGradient: the backward pass must not reach Shape.
    Operand<TInt32> batch =
        tf.slice(
            tf.shape(tf.stopGradient(images)),
            tf.constant(new int[] {0}),
            tf.constant(new int[] {1}));
    Augmentation t =
        new Augmentation(
            tf,
            stepSeed,
            firstStream,
            (int) shape.get(1),
            (int) shape.get(2),
            (int) shape.get(3),
            batch);
    Operand<TFloat32> x = images;
    for (Augment policy : Augment.values()) {
      if (policies.contains(policy)) {
        Ops scoped = tf.withSubScope(policy.spelling());
        x =
            switch (policy) {
              case COLOR -> t.in(scoped).color(x);
              case TRANSLATION -> t.in(scoped).translation(x);
              case CUTOUT -> t.in(scoped).cutout(x);
            };
      }
    }
    return x;
  }

  /** The same draws, their ops named in {@code scoped}. */
  private Augmentation in(Ops scoped) {
    return new Augmentation(scoped, stepSeed, firstStream, height, width, channels, batch);
  }

  /** Brightness, saturation (more than one channel) and contrast, DiffAugment's rand_* order. */
  private Operand<TFloat32> color(Operand<TFloat32> x) {
    // [N, H, W, C] + [N, 1, 1, 1]
    x = tf.math.add(x, tf.math.sub(perImage(BRIGHTNESS), tf.constant(0.5f)));
    if (channels > 1) {
      x = scaledAbout(x, new int[] {3}, tf.math.mul(perImage(SATURATION), tf.constant(2f)));
    }
    return scaledAbout(x, new int[] {1, 2, 3}, tf.math.add(perImage(CONTRAST), tf.constant(0.5f)));
  }

  /** (x - mean over {@code axes}) * factor + that mean: [N, H, W, C]. */
  private Operand<TFloat32> scaledAbout(Operand<TFloat32> x, int[] axes, Operand<TFloat32> factor) {
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(axes), Mean.keepDims(true));
    return tf.math.add(tf.math.mul(tf.math.sub(x, mean), factor), mean);
  }

  /**
   * out[n, i, j] = x[n, i + dy_n, j + dx_n], 0 outside the image: a one-hot shift matrix per image
   * and axis, applied by batched matrix products (rows, then columns).
   */
  private Operand<TFloat32> translation(Operand<TFloat32> x) {
    int shiftRows = (int) (height * TRANSLATION_RATIO + 0.5);
    int shiftColumns = (int) (width * TRANSLATION_RATIO + 0.5);
    Operand<TInt32> dy = uniformInt(SHIFT_ROWS, -shiftRows, shiftRows + 1); // [N]
    Operand<TInt32> dx = uniformInt(SHIFT_COLUMNS, -shiftColumns, shiftColumns + 1); // [N]
    // [N, H, H] x [N, H, W * C] -> [N, H, W * C]
    Operand<TFloat32> rows =
        tf.train.batchMatMul(
            shiftMatrix(dy, height),
            tf.reshape(x, tf.constant(new int[] {-1, height, width * channels})),
            TFloat32.class);
    Operand<TFloat32> shifted =
        tf.reshape(rows, tf.constant(new int[] {-1, height, width, channels}));
    // [N, 1, W, W] x [N, H, W, C] -> [N, H, W, C]: the columns' matrix broadcast over the rows.
    Operand<TFloat32> columns =
        tf.reshape(shiftMatrix(dx, width), tf.constant(new int[] {-1, 1, width, width}));
    return tf.train.batchMatMul(columns, shifted, TFloat32.class);
  }

  /** [N, size, size]: S[n, i, k] = 1 where k = i + shift_n (a source inside the image), else 0. */
  private Operand<TFloat32> shiftMatrix(Operand<TInt32> shift, int size) {
    Operand<TInt32> index = tf.range(tf.constant(0), tf.constant(size), tf.constant(1)); // [size]
    Operand<TInt32> source =
        tf.math.add(
            tf.reshape(index, tf.constant(new int[] {1, size, 1})),
            tf.reshape(shift, tf.constant(new int[] {-1, 1, 1}))); // [N, size, 1]
    Operand<TInt32> target = tf.reshape(index, tf.constant(new int[] {1, 1, size}));
    return tf.stopGradient(tf.dtypes.cast(tf.math.equal(source, target), TFloat32.class));
  }

  /**
   * x * (1 - inside): a square of half the size per image, its centre uniform over [0, size] (one
   * position fewer for an odd square), as DiffAugment's rand_cutout places it.
   */
  private Operand<TFloat32> cutout(Operand<TFloat32> x) {
    Operand<TFloat32> rows = insideCut(CUTOUT_ROWS, height, new int[] {-1, height, 1, 1});
    Operand<TFloat32> columns = insideCut(CUTOUT_COLUMNS, width, new int[] {-1, 1, width, 1});
    // [N, H, 1, 1] * [N, 1, W, 1] -> [N, H, W, 1], broadcast over the channels
    Operand<TFloat32> keep =
        tf.stopGradient(tf.math.sub(tf.constant(1f), tf.math.mul(rows, columns)));
    return tf.math.mul(x, keep);
  }

  /** 1 where an index along an axis of {@code size} lies in the cut, else 0, shaped {@code to}. */
  private Operand<TFloat32> insideCut(int draw, int size, int[] to) {
    int cut = (int) (size * CUTOUT_RATIO + 0.5);
    Operand<TInt32> centre = uniformInt(draw, 0, size + (1 - cut % 2)); // [N]
    Operand<TInt32> first =
        tf.reshape(tf.math.sub(centre, tf.constant(cut / 2)), tf.constant(new int[] {-1, 1}));
    Operand<TInt32> index =
        tf.reshape(
            tf.range(tf.constant(0), tf.constant(size), tf.constant(1)),
            tf.constant(new int[] {1, size}));
    // [N, size]: first <= index < first + cut
    Operand<TFloat32> inside =
        tf.dtypes.cast(
            tf.math.logicalAnd(
                tf.math.greaterEqual(index, first),
                tf.math.less(index, tf.math.add(first, tf.constant(cut)))),
            TFloat32.class);
    return tf.reshape(inside, tf.constant(to));
  }

  /** [N, 1, 1, 1] of U[0, 1), one per image, from draw {@code draw}'s stream. */
  private Operand<TFloat32> perImage(int draw) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(batch, seed(draw), TFloat32.class);
    return tf.stopGradient(tf.reshape(u, tf.constant(new int[] {-1, 1, 1, 1})));
  }

  /** [N] integers uniform in [low, high), from draw {@code draw}'s stream. */
  private Operand<TInt32> uniformInt(int draw, int low, int high) {
    return tf.random.statelessRandomUniformInt(
        batch, seed(draw), tf.constant(low), tf.constant(high));
  }

  private Operand<? extends TNumber> seed(int draw) {
    return StepInputs.streamSeed(tf, stepSeed, firstStream + draw);
  }
}
