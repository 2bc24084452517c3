package dev.jgan.bench;

import dev.jgan.runtime.SessionOptions;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The yardstick of issue 14: dcgan's network written as a TF-Java user would write it in a hundred
 * lines, with none of the product's machinery (no variable store, no model classes, no step
 * inputs). Raw {@code Variable}s, {@code Conv2D}/{@code Conv2DBackpropInput}, stateful random noise
 * and dropout, {@code tf.gradients} and raw {@code ApplyAdam}; the seed tutorial's step: D on N/2
 * real + N/2 fake images, then G on N, each one {@code Session.run}. The real half-batch is fed
 * from Java each step. Same session options as the product's cases, so one {@code gan bench} run
 * compares the two.
 *
 * <p>{@link #NCHW_NAME} is the same graph in the channels-first layout (every convolution, bias and
 * reshape), to measure what the layout alone is worth without rewriting the product's layers.
 */
final class PlainDcganBench {
  static final String NAME = "dcgan-plain";

  /** The yardstick with channels-first tensors ([N, C, H, W]). */
  static final String NCHW_NAME = "dcgan-plain-nchw";

  /** The batch the yardstick was first measured at (dcgan's default then; 128 now). */
  static final int BATCH = 256;

  private static final float LR = 2e-4f;
  private final PlainGraph plain;
  private final Ops tf;
  private final boolean channelsFirst;

  private PlainDcganBench(Ops tf, boolean channelsFirst) {
    this.plain = new PlainGraph(tf);
    this.tf = tf;
    this.channelsFirst = channelsFirst;
  }

  /**
   * @param channelsFirst NCHW tensors instead of TensorFlow's default NHWC
   */
  static BenchResult run(int batch, boolean channelsFirst, Windows timing) {
    try (Graph graph = new Graph()) {
      PlainDcganBench net = new PlainDcganBench(Ops.create(graph), channelsFirst);
      Ops tf = net.tf;
      int half = batch / 2;
      Placeholder<TFloat32> real =
          tf.placeholder(TFloat32.class, Placeholder.shape(net.imageShape(half, 28, 1)));
      // D step: the real half-batch (target 0.9, one-sided smoothing) and G's half-batch (0).
      Operand<TFloat32> dLoss =
          tf.math.add(
              net.plain.sce(net.d(real), 0.9f), net.plain.sce(net.d(net.g(net.noise(half))), 0f));
      Op dStep = net.plain.adam("d", dLoss, net.plain.dVars, LR);
      // G step: a full batch of fresh noise through the updated D (target 1).
      Operand<TFloat32> gLoss = net.plain.sce(net.d(net.g(net.noise(batch))), 1f);
      Op gStep = net.plain.adam("g", gLoss, net.plain.gVars, LR);
      float[] pixels = PlainGraph.syntheticPixels(half, 28, 1);
      try (Session session = SessionOptions.processDefault().newSession(graph);
          TFloat32 realFeed =
              TFloat32.tensorOf(net.imageShape(half, 28, 1), DataBuffers.of(pixels, true, false))) {
        Runnable step =
            () -> {
              session.runner().feed(real, realFeed).addTarget(dStep).run().close();
              session.runner().addTarget(gStep).run().close();
            };
        Windows.Rates rates = timing.time(step, batch);
        return BenchResult.timed(channelsFirst ? NCHW_NAME : NAME, "train", batch, rates);
      }
    }
  }

  /** [n, size, size, channels], or [n, channels, size, size] channels-first. */
  private Shape imageShape(long n, long size, long channels) {
    return channelsFirst ? Shape.of(n, channels, size, size) : Shape.of(n, size, size, channels);
  }

  private String dataFormat() {
    return channelsFirst ? "NCHW" : "NHWC";
  }

  /** The strides of a square {@code stride} over the spatial dimensions. */
  private List<Long> strides(long stride) {
    return channelsFirst ? List.of(1L, 1L, stride, stride) : List.of(1L, stride, stride, 1L);
  }

  /** [n, 100] N(0, 1), a stateful random op as a plain graph draws it. */
  private Operand<TFloat32> noise(int n) {
    return tf.random.randomStandardNormal(tf.constant(new long[] {n, 100}), TFloat32.class);
  }

  /**
   * G: z [n, 100] -> dense 7*7*128 -> [n, 7, 7, 128] -> 14x14x128 -> 28x28x128 -> [n, 28, 28, 1].
   */
  private Operand<TFloat32> g(Operand<TFloat32> z) {
    Operand<TFloat32> x = plain.lrelu(dense(z, 100, 7 * 7 * 128, plain.gVars, "g0"));
    x = tf.reshape(x, tf.constant(imageShape(-1, 7, 128).asArray()));
    x = plain.lrelu(convTranspose(x, 14, plain.gVars, "g1"));
    x = plain.lrelu(convTranspose(x, 28, plain.gVars, "g2"));
    return tf.math.tanh(conv(x, 7, 1, 128, 1, plain.gVars, "g3"));
  }

  /** D: [n, 28, 28, 1] -> 14x14x64 -> 7x7x64 (LeakyReLU, dropout 0.4) -> [n, 1] logit. */
  private Operand<TFloat32> d(Operand<TFloat32> images) {
    Operand<TFloat32> x = dropout(plain.lrelu(conv(images, 3, 2, 1, 64, plain.dVars, "d0")));
    x = dropout(plain.lrelu(conv(x, 3, 2, 64, 64, plain.dVars, "d1")));
    return dense(
        tf.reshape(x, tf.constant(new long[] {-1, 7 * 7 * 64})), 7 * 7 * 64, 1, plain.dVars, "d2");
  }

  private Operand<TFloat32> dense(
      Operand<TFloat32> x, int in, int out, List<Variable<TFloat32>> vars, String name) {
    return tf.nn.biasAdd(
        tf.linalg.matMul(x, weight(vars, name, in, out, in, out)), bias(vars, name, out));
  }

  private Operand<TFloat32> conv(
      Operand<TFloat32> x,
      int k,
      int stride,
      int in,
      int out,
      List<Variable<TFloat32>> vars,
      String name) {
    Operand<TFloat32> w = weight(vars, name, k * k * in, k * k * out, k, k, in, out);
    return tf.nn.biasAdd(
        tf.nn.conv2d(x, w, strides(stride), "SAME", Conv2d.dataFormat(dataFormat())),
        bias(vars, name, out),
        BiasAdd.dataFormat(dataFormat()));
  }

  /** 4x4 stride-2 transposed convolution to [n, size, size, 128] (or [n, 128, size, size]). */
  private Operand<TFloat32> convTranspose(
      Operand<TFloat32> x, int size, List<Variable<TFloat32>> vars, String name) {
    Operand<TFloat32> w = weight(vars, name, 16 * 128, 16 * 128, 4, 4, 128, 128);
    Operand<TInt32> shape =
        tf.concat(
            List.of(
                tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(
                    channelsFirst ? new int[] {128, size, size} : new int[] {size, size, 128})),
            tf.constant(0));
    return tf.nn.biasAdd(
        tf.nn.conv2dBackpropInput(
            shape, w, x, strides(2), "SAME", Conv2dBackpropInput.dataFormat(dataFormat())),
        bias(vars, name, 128),
        BiasAdd.dataFormat(dataFormat()));
  }

  private Operand<TFloat32> dropout(Operand<TFloat32> x) {
    Operand<TFloat32> keep =
        tf.dtypes.cast(
            tf.math.greaterEqual(
                tf.random.randomUniform(tf.shape(x), TFloat32.class), tf.constant(0.4f)),
            TFloat32.class);
    return tf.math.mul(x, tf.math.div(keep, tf.constant(0.6f)));
  }

  private Variable<TFloat32> weight(
      List<Variable<TFloat32>> vars, String name, int fanIn, int fanOut, long... shape) {
    return plain.glorotWeight(vars, name, fanIn, fanOut, shape);
  }

  private Variable<TFloat32> bias(List<Variable<TFloat32>> vars, String name, int size) {
    return plain.vector(vars, name + "_b", size, 0f);
  }
}
