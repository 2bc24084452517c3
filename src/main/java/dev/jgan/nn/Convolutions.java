package dev.jgan.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Convolution layers, NHWC, "same" padding (Keras' {@code padding="same"}): a stride-s layer maps H
 * to ceil(H / s) (Conv2D) or to H * s (Conv2DTranspose). Kernels are square.
 */
public final class Convolutions {
  private static final String SAME = "SAME";

  private Convolutions() {}

  /** What every convolution needs besides its input. */
  public record Conv(int filters, int kernel, int stride, Initializer init, boolean bias) {
    /** A convolution with a bias; drop the bias ({@link #withoutBias}) when batch norm follows. */
    public static Conv of(int filters, int kernel, int stride, Initializer init) {
      return new Conv(filters, kernel, stride, init, true);
    }

    /** Batch norm's offset does the bias' job, so a bias before it is a wasted parameter. */
    public Conv withoutBias() {
      return new Conv(filters, kernel, stride, init, false);
    }

    List<Long> strides() {
      return List.of(1L, (long) stride, (long) stride, 1L);
    }
  }

  /**
   * Conv2D: [N, H, W, C] -> [N, ceil(H/s), ceil(W/s), filters]; variables {@code kernel} [k, k, C,
   * filters] and {@code bias} [filters]. A stride-1 layer to one or two channels is computed on 4x4
   * pixel blocks ({@link BlockedConv}: oneDNN's kernel for one output channel is ~10x slow).
   */
  public static Operand<TFloat32> conv2d(VarScope scope, Operand<TFloat32> x, Conv conv) {
    long channels = knownChannels(scope, x);
    Operand<TFloat32> kernel =
        scope.variable(
            "kernel",
            Shape.of(conv.kernel(), conv.kernel(), channels, conv.filters()),
            conv.init());
    Ops tf = scope.ops();
    Operand<TFloat32> y =
        BlockedConv.applies(
                x.shape().get(1),
                x.shape().get(2),
                conv.kernel(),
                conv.stride(),
                channels,
                conv.filters())
            ? BlockedConv.apply(tf, x, kernel, conv.kernel(), channels, conv.filters())
            : tf.nn.conv2d(x, kernel, conv.strides(), SAME);
    return withBias(scope, y, conv);
  }

  /**
   * Conv2DTranspose (the gradient of Conv2D with respect to its input): [N, H, W, C] -> [N, H*s,
   * W*s, filters]; variables {@code kernel} [k, k, filters, C] (TF's layout for the transpose) and
   * {@code bias} [filters].
   */
  public static Operand<TFloat32> conv2dTranspose(VarScope scope, Operand<TFloat32> x, Conv conv) {
    long channels = knownChannels(scope, x);
    long height = x.shape().get(1) * conv.stride();
    long width = x.shape().get(2) * conv.stride();
    Operand<TFloat32> kernel =
        scope.variable(
            "kernel",
            Shape.of(conv.kernel(), conv.kernel(), conv.filters(), channels),
            conv.init());
    Ops tf = scope.ops();
    // The batch size is only known at run time: [N] from the input, the rest static.
    Operand<TInt32> batch =
        tf.reshape(
            tf.stridedSlice(
                tf.shape(x),
                tf.constant(new int[] {0}),
                tf.constant(new int[] {1}),
                tf.constant(new int[] {1})),
            tf.constant(new int[] {1}));
    Operand<TInt32> outputShape =
        tf.concat(
            List.of(batch, tf.constant(new int[] {(int) height, (int) width, conv.filters()})),
            tf.constant(0));
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(outputShape, kernel, x, conv.strides(), SAME);
    // Shape inference cannot see through the computed size; a reshape states the static part
    // (EnsureShape would too, but has no gradient in TF's C++ registry).
    y = tf.reshape(y, tf.constant(new long[] {-1, height, width, conv.filters()}));
    return withBias(scope, y, conv);
  }

  private static Operand<TFloat32> withBias(VarScope scope, Operand<TFloat32> y, Conv conv) {
    if (!conv.bias()) {
      return y;
    }
    Operand<TFloat32> bias = scope.variable("bias", Shape.of(conv.filters()), Initializer.zeros());
    return scope.ops().nn.biasAdd(y, bias);
  }

  private static long knownChannels(VarScope scope, Operand<TFloat32> x) {
    Shape shape = x.shape();
    if (shape.numDimensions() != 4 || shape.get(1) < 0 || shape.get(2) < 0 || shape.get(3) < 0) {
      throw new IllegalArgumentException(
          scope.name() + ": a convolution needs [N, H, W, C] with known H, W, C, got " + shape);
    }
    return shape.get(3);
  }
}
