package dev.jgan.train.graph;

import dev.jgan.data.ImageSet;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.runtime.NativeRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * A training step's inputs as graph ops, so that a step needs no host work beyond a seed (and, for
 * a fed set, the batch): docs/DESIGN.md, "The step's inputs".
 *
 * <ul>
 *   <li>{@link #z} and {@link #fakeLabels} are drawn in the graph by stateless random ops from the
 *       step seed (run seed, update number): a pure function of (seed, step), so a resumed run
 *       draws what a straight one would, on any device, with no Java in between.
 *   <li>{@link #realImages} and {@link #realLabels} are gathered from a resident copy of the
 *       training set (float16, exact for every byte value; scaled in the graph exactly as {@code
 *       ImageDataset.copyImage} scales) at the fed {@link #batchIndices}, or, without a resident
 *       set, fed.
 * </ul>
 *
 * Each is a {@code PlaceholderWithDefault}: feeding it overrides the graph's value, which is how
 * sample grids feed their fixed noise and tests feed chosen batches.
 */
public final class StepInputs {
  /**
   * Streams of the step seed's first word for the noise and G's classes. Dropout layers number
   * theirs 1, 2, ... (VariableStore.nextRandomSeed), far below these.
   */
  static final long NOISE_STREAM = 0x4e01;

  static final long LABEL_STREAM = 0x4e02;

  /**
   * The first of the augmentation's streams ({@link Augmentation#firstStream}): each application (a
   * tower's real batch, its G(z)) has {@link Augmentation#STREAMS} of its own from here on, above
   * the noise's and the classes'.
   */
  static final long AUGMENT_STREAM = 0x10000;

  /** The decoded (uint8) size up to which AUTO keeps a set in the graph (docs/DESIGN.md). */
  public static final long AUTO_RESIDENT_BYTES = 256L << 20;

  /**
   * The largest decoded (uint8) set kept in the graph on request: on a GPU build (float16, see
   * {@link #residentType}) it is twice that, and held twice while it is loaded (the fed tensor and
   * the variable).
   */
  public static final long MAX_RESIDENT_BYTES = 512L << 20;

  /** The float16 bits of 0..255, each exact: p = 1.m * 2^e with m of at most 7 bits. */
  private static final short[] HALF = new short[256];

  static {
    for (int p = 1; p < 256; p++) {
      int exponent = 31 - Integer.numberOfLeadingZeros(p);
      int mantissa = (p << (10 - exponent)) & 0x3ff;
      HALF[p] = (short) (((exponent + 15) << 10) | mantissa);
    }
  }

  final Operand<TInt64> stepSeed; // [2]: (run seed, update number), fed each update
  final Operand<TFloat32> realImages; // [N, H, W, C] in [-1, 1]
  final Operand<TInt32> realLabels; // [N], or null (unconditional)
  final Operand<TInt32> batchIndices; // [N] into the resident set, or null (fed)
  final Operand<? extends TType> residentValue; // [size, H, W, C]: the set, fed once; or null
  final Op loadResident; // stores residentValue into the set's variable; or null
  final Operand<TFloat32> z; // [N, latent]
  final Operand<TInt32> fakeLabels; // [N] in [0, K), or null (unconditional)

  /**
   * @param batchSize N of the drawn noise and classes (the real batch's size when fed)
   * @param normalNoise N(0, 1) noise when true, else U[-1, 1), as {@code NoiseSource} draws
   * @param resident the training set to keep in the graph, or null to feed real batches
   */
  StepInputs(Ops tf, GanModel model, int batchSize, boolean normalNoise, ImageSet resident) {
    stepSeed = tf.withName("step_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    ImageShape image = model.imageShape();
    Shape imagesShape = Shape.of(-1, image.height(), image.width(), image.channels());
    Ops inputs = tf.withSubScope("inputs");
    if (resident != null) {
      Class<? extends TType> type = residentType();
      residentValue = placeholder(tf.withName("resident_pixels_value"), type, resident);
      // A resource variable, not a Const: TensorFlow's graph optimizer took 16 s (uint8) to 128 s
      // (float16) over a 60,000-image Const at the first step. Not a VariableV2 either: the saver
      // writes every VariableV2, and the set would fill every checkpoint.
      VarHandleOp set = tf.withName("resident_pixels").varHandleOp(type, residentShape(resident));
      loadResident = tf.withName("load_resident_pixels").assignVariableOp(set, residentValue);
      Placeholder<TInt32> indices =
          tf.withName("batch_indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      batchIndices = indices;
      realImages =
          tf.withName("real_images")
              .placeholderWithDefault(gatherImages(inputs, set, type, indices), imagesShape);
      realLabels =
          model.conditional()
              ? tf.withName("real_labels")
                  .placeholderWithDefault(
                      inputs.gather(labels(inputs, resident), indices, inputs.constant(0)),
                      Shape.of(-1))
              : null;
    } else {
      residentValue = null;
      loadResident = null;
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

  /** The same inputs, imported into another graph (GanGraph#importedInto). */
  private StepInputs(StepInputs built, GanGraph.Imported in) {
    stepSeed = in.output(built.stepSeed);
    realImages = in.output(built.realImages);
    realLabels = in.output(built.realLabels);
    batchIndices = in.output(built.batchIndices);
    residentValue = in.output(built.residentValue);
    loadResident = in.op(built.loadResident);
    z = in.output(built.z);
    fakeLabels = in.output(built.fakeLabels);
  }

  StepInputs importedInto(GanGraph.Imported in) {
    return new StepInputs(this, in);
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
  static Operand<TInt64> streamSeed(Ops tf, Operand<TInt64> stepSeed, long stream) {
    return tf.math.add(stepSeed, tf.constant(new long[] {stream << 32, 0}));
  }

  /**
   * The images at {@code indices}, p / 127.5 - 1 per pixel p: the same float32 operations as {@code
   * ImageDataset.copyImage}, so a gathered batch equals the fed one bit for bit.
   *
   * <p>The set is held as {@link #residentType}, which holds every 0..255 exactly either way.
   */
  private static Operand<TFloat32> gatherImages(
      Ops tf, Operand<? extends TType> set, Class<? extends TType> type, Operand<TInt32> indices) {
    // [size, H, W, C] uint8 or float16 -> [N, H, W, C]
    Operand<? extends TType> batch = tf.resourceGather(set, indices, type);
    return tf.math.sub(
        tf.math.div(tf.dtypes.cast(batch, TFloat32.class), tf.constant(127.5f)), tf.constant(1f));
  }

  /**
   * How the set is held: uint8 on TensorFlow's CPU build, float16 on its GPU build. GPU builds have
   * Gather kernels for float types but not for uint8, and a uint8 set would keep the gather (and
   * the set) on the host, with the batch copied to the device every step (docs/PERFORMANCE.md). On
   * the CPU build float16 made oneDNN log an error line at every run ("oneDNN supports DT_HALF only
   * on platforms with AVX-512", on AVX-512 CPUs too) and took twice the memory; the gathered batch
   * is the same bit for bit either way.
   */
  static Class<? extends TType> residentType() {
    return NativeRuntime.hasCudaKernels() ? TFloat16.class : TUint8.class;
  }

  private static <T extends TType> Placeholder<T> placeholder(
      Ops tf, Class<T> type, ImageSet resident) {
    return tf.placeholder(type, Placeholder.shape(residentShape(resident)));
  }

  private static Shape residentShape(ImageSet data) {
    return Shape.of(data.size(), data.height(), data.width(), data.channels());
  }

  /**
   * The value to feed {@link #residentValue}: the set as {@code type}, the placeholder's ({@link
   * #residentType} when it was built).
   */
  static <T extends TType> T residentTensor(ImageSet data, Class<T> type) {
    boolean half = type == TFloat16.class;
    return Tensor.of(
        type,
        residentShape(data),
        tensor -> {
          // Image by image into the native buffer: the heap never holds the set (a store on disk
          // is read once here), only one image and its float16 form.
          ByteDataBuffer out = tensor.asRawTensor().data();
          byte[] image = new byte[data.imageSize()];
          int width = half ? 2 : 1; // bytes per pixel
          for (int i = 0; i < data.size(); i++) {
            data.copyBytes(i, image, 0);
            out.offset((long) width * i * image.length).write(half ? halfBytes(image) : image);
          }
        });
  }

  /** The float16 encoding of each unsigned byte, two bytes each in native order. */
  static byte[] halfBytes(byte[] pixels) {
    ByteBuffer half = ByteBuffer.allocate(2 * pixels.length).order(ByteOrder.nativeOrder());
    for (byte p : pixels) {
      half.putShort(HALF[p & 0xff]);
    }
    return half.array();
  }

  /** The set's labels, [size] int32. */
  private static Operand<TInt32> labels(Ops tf, ImageSet data) {
    int[] labels = new int[data.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    return tf.withName("resident_labels").constant(labels);
  }
}
