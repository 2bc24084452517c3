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
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The yardstick of the README's model: dcgan-bn on MNIST padded to 32x32 (base width 32, learning
 * rate 2e-3, the product's digits recipe) as a plain TF-Java graph, as {@link PlainDcganBench} is
 * for dcgan: raw variables, {@code Conv2D}/{@code Conv2DBackpropInput}, {@code FusedBatchNorm} in
 * training mode, stateful uniform noise, {@code tf.gradients} and raw {@code ApplyAdam}; the seed
 * tutorial's step (D on N/2 real + N/2 fake images, then G on N, each one {@code Session.run}).
 */
final class PlainDcganBnBench {
  static final String NAME = "dcgan-bn-32-plain";

  /** dcgan-bn's batch on digits, the README's run. */
  static final int BATCH = 64;

  private static final int SIZE = 32;
  private static final int WIDTH = 32;
  private static final int LATENT = 100;
  private static final float LR = 2e-3f;
  private final PlainGraph plain;
  private final Ops tf;

  private PlainDcganBnBench(Ops tf) {
    this.plain = new PlainGraph(tf);
    this.tf = tf;
  }

  static BenchResult run(int batch, Windows timing) {
    try (Graph graph = new Graph()) {
      PlainDcganBnBench net = new PlainDcganBnBench(Ops.create(graph));
      Ops tf = net.tf;
      PlainGraph plain = net.plain;
      int half = batch / 2;
      Shape realShape = Shape.of(half, SIZE, SIZE, 1);
      Placeholder<TFloat32> real = tf.placeholder(TFloat32.class, Placeholder.shape(realShape));
      // D step: the real half-batch (target 0.9, one-sided smoothing) and G's half-batch (0).
      Operand<TFloat32> dLoss =
          tf.math.add(plain.sce(net.d(real), 0.9f), plain.sce(net.d(net.g(net.noise(half))), 0f));
      Op dStep = plain.adam("d", dLoss, plain.dVars, LR);
      // G step: a full batch of fresh noise through the updated D (target 1).
      Op gStep = plain.adam("g", plain.sce(net.d(net.g(net.noise(batch))), 1f), plain.gVars, LR);
      float[] pixels = PlainGraph.syntheticPixels(half, SIZE, 1);
      try (Session session = SessionOptions.processDefault().newSession(graph);
          TFloat32 realFeed = TFloat32.tensorOf(realShape, DataBuffers.of(pixels, true, false))) {
        Runnable step =
            () -> {
              session.runner().feed(real, realFeed).addTarget(dStep).run().close();
              session.runner().addTarget(gStep).run().close();
            };
        return BenchResult.timed(NAME, "train", batch, timing.time(step, batch));
      }
    }
  }

  /** [n, 100] uniform in [-1, 1), the paper's noise. */
  private Operand<TFloat32> noise(int n) {
    Operand<TFloat32> u =
        tf.random.randomUniform(tf.constant(new long[] {n, LATENT}), TFloat32.class);
    return tf.math.sub(tf.math.mul(u, tf.constant(2f)), tf.constant(1f));
  }

  /** G: z [n, 100] -> [n, 4, 4, 128] -> 8x8x64 -> 16x16x32 -> [n, 32, 32, 1] in [-1, 1]. */
  private Operand<TFloat32> g(Operand<TFloat32> z) {
    List<Variable<TFloat32>> vars = plain.gVars;
    int channels = 4 * WIDTH;
    Variable<TFloat32> w = plain.paperWeight(vars, "g0", LATENT, 16L * channels);
    Operand<TFloat32> x =
        tf.nn.biasAdd(tf.linalg.matMul(z, w), plain.vector(vars, "g0_b", 16 * channels, 0f));
    x = tf.reshape(x, tf.constant(new long[] {-1, 4, 4, channels})); // [n, 4, 4, 4g]
    x = tf.nn.relu(batchNorm(x, vars, "g0", channels));
    x = tf.nn.relu(batchNorm(up(x, 8, channels, channels / 2, "g1"), vars, "g1", channels / 2));
    x = tf.nn.relu(batchNorm(up(x, 16, channels / 2, WIDTH, "g2"), vars, "g2", WIDTH));
    Operand<TFloat32> out = up(x, SIZE, WIDTH, 1, "g3");
    return tf.math.tanh(tf.nn.biasAdd(out, plain.vector(vars, "g3_b", 1, 0f)));
  }

  /** D: [n, 32, 32, 1] -> 16x16x32 -> 8x8x64 (BN) -> 4x4x128 (BN), LeakyReLU -> [n, 1] logit. */
  private Operand<TFloat32> d(Operand<TFloat32> images) {
    List<Variable<TFloat32>> vars = plain.dVars;
    Operand<TFloat32> x =
        plain.lrelu(
            tf.nn.biasAdd(down(images, 1, WIDTH, "d0"), plain.vector(vars, "d0_b", WIDTH, 0f)));
    x = plain.lrelu(batchNorm(down(x, WIDTH, 2 * WIDTH, "d1"), vars, "d1", 2 * WIDTH));
    x = plain.lrelu(batchNorm(down(x, 2 * WIDTH, 4 * WIDTH, "d2"), vars, "d2", 4 * WIDTH));
    int flat = 16 * 4 * WIDTH;
    Variable<TFloat32> w = plain.paperWeight(vars, "d3", flat, 1);
    return tf.nn.biasAdd(
        tf.linalg.matMul(tf.reshape(x, tf.constant(new long[] {-1, flat})), w),
        plain.vector(vars, "d3_b", 1, 0f));
  }

  /** 5x5 stride-2 convolution, no bias (batch norm or a separate bias follows). */
  private Operand<TFloat32> down(Operand<TFloat32> x, int in, int out, String name) {
    Variable<TFloat32> w = plain.paperWeight(plain.dVars, name, 5, 5, in, out);
    return tf.nn.conv2d(x, w, List.of(1L, 2L, 2L, 1L), "SAME");
  }

  /** 5x5 stride-2 transposed convolution to [n, size, size, out], no bias. */
  private Operand<TFloat32> up(Operand<TFloat32> x, int size, int in, int out, String name) {
    Variable<TFloat32> w = plain.paperWeight(plain.gVars, name, 5, 5, out, in);
    Operand<TInt32> shape =
        tf.concat(
            List.of(
                tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[] {size, size, out})),
            tf.constant(0));
    return tf.nn.conv2dBackpropInput(shape, w, x, List.of(1L, 2L, 2L, 1L), "SAME");
  }

  /** The fused batch-norm kernel in training mode (batch statistics), with scale and offset. */
  private Operand<TFloat32> batchNorm(
      Operand<TFloat32> x, List<Variable<TFloat32>> vars, String name, int channels) {
    Operand<TFloat32> none = tf.constant(new float[0]);
    return tf.nn
        .fusedBatchNorm(
            x,
            plain.vector(vars, name + "_gamma", channels, 1f),
            plain.vector(vars, name + "_beta", channels, 0f),
            none,
            none,
            FusedBatchNorm.epsilon(1e-5f),
            FusedBatchNorm.isTraining(true))
        .y();
  }
}
