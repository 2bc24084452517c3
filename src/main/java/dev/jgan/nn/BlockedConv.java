package dev.jgan.nn;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A stride-1 "same" convolution to a few output channels, computed as a 3x3 convolution on 4x4
 * pixel blocks: SpaceToDepth folds each 4x4 block of the input into channels, a 3x3 convolution
 * maps the blocks to 16x the output channels, DepthToSpace unfolds them. The result is the plain
 * convolution's, up to float32 summation order; the variable is the plain kernel [k, k, C, F], so
 * checkpoints and exports are unchanged.
 *
 * <p>Why: oneDNN 3.3 (TF-Java 1.0.0) runs a convolution to one output channel on its brgconv kernel
 * at ~4.5 GFLOP/s on an AVX-512 CPU. dcgan's last layer (7x7, 128 -> 1 channel on 28x28) took 554
 * ms of a 1.25 s training step at batch 256; blocked, with 16 output channels, it runs at normal
 * speed although only k*k / (9*16) of its multiply-adds meet a weight (49/144 for k = 7): the rest
 * are zeros of the block kernel (docs/PERFORMANCE.md, "The one-channel convolution").
 */
public final class BlockedConv {
  /** Side of the pixel blocks: 16 output channels per filter, one AVX-512 register of floats. */
  static final int BLOCK = 4;

  /** The name scope of a blocked convolution's ops, with the plain kernel's size. */
  private static final Pattern SCOPE = Pattern.compile("(?:^|/)blocked_k(\\d+)/");

  private BlockedConv() {}

  /**
   * True where blocking pays and is exact: stride 1, an odd kernel whose half-width fits in a block
   * (so a 3x3 block kernel covers it), H and W whole blocks, at most 2 filters, and an even number
   * of input channels. The last is oneDNN's: with 16C blocked channels more than 32 and not a
   * multiple of 32 (C = 3, 5, ...), TF-Java 1.0.0's oneDNN computes the 3x3 convolution's input
   * gradient wrong (BlockedConvTest pins it).
   */
  static boolean applies(
      long height, long width, int kernel, int stride, long channels, int filters) {
    return stride == 1
        && kernel % 2 == 1
        && (kernel - 1) / 2 <= BLOCK
        && height % BLOCK == 0
        && width % BLOCK == 0
        && filters <= 2
        && channels % 2 == 0;
  }

  /**
   * x [N, H, W, C] convolved with kernel [k, k, C, F] ("same", stride 1) -> [N, H, W, F], as a 3x3
   * convolution of the blocks.
   */
  static Operand<TFloat32> apply(
      Ops ops, Operand<TFloat32> x, Operand<TFloat32> kernel, int k, long channels, int filters) {
    Ops tf = ops.withSubScope("blocked_k" + k);
    List<Long> ones = List.of(1L, 1L, 1L, 1L);
    Operand<TFloat32> blocks = tf.nn.spaceToDepth(x, (long) BLOCK); // [N, H/4, W/4, 16C]
    Operand<TFloat32> blockKernel = blockKernel(tf, kernel, k, channels, filters); // [3,3,16C,16F]
    Operand<TFloat32> y = tf.nn.conv2d(blocks, blockKernel, ones, "SAME"); // [N, H/4, W/4, 16F]
    return tf.nn.depthToSpace(y, (long) BLOCK); // [N, H, W, F]
  }

  /**
   * The share of a blocked convolution's multiply-adds that meet a weight of the plain kernel, for
   * an op under a blocked convolution's name scope (its gradients included), else 1.
   */
  public static double usefulShare(String opName) {
    Matcher m = SCOPE.matcher(opName);
    if (!m.find()) {
      return 1;
    }
    int k = Integer.parseInt(m.group(1));
    return (double) k * k / (9 * BLOCK * BLOCK);
  }

  /**
   * The 3x3 block kernel K[ty, tx, (sy, sx, c), (dy, dx, f)] = w[ky, kx, c, f] with ky = 4(ty - 1)
   * + sy - dy + (k - 1)/2 (kx alike), 0 where ky or kx falls outside the plain kernel. Output pixel
   * 4i + dy reads input pixel 4(i + ty - 1) + sy, which is offset ky - (k - 1)/2 from it. Built as
   * two products with a one-hot matrix A[(t, s, d), kk], so its gradient is MatMul's and
   * Transpose's.
   */
  private static Operand<TFloat32> blockKernel(
      Ops tf, Operand<TFloat32> kernel, int k, long channels, int filters) {
    int rows = 3 * BLOCK * BLOCK; // (t, s, d)
    long cf = channels * filters;
    Operand<TFloat32> a = tf.constant(oneHot(k)); // [48, k]
    // Rows: [k (ky), k*C*F (kx, c, f)] -> A @ . = [48 (ty, sy, dy), k*C*F]
    Operand<TFloat32> byRows =
        tf.linalg.matMul(a, tf.reshape(kernel, tf.constant(new long[] {k, k * cf})));
    // Bring kx to the front: [48, k, CF] -> [k, 48, CF] -> [k, 48*CF]
    Operand<TFloat32> kxFirst =
        tf.reshape(
            tf.linalg.transpose(
                tf.reshape(byRows, tf.constant(new long[] {rows, k, cf})),
                tf.constant(new int[] {1, 0, 2})),
            tf.constant(new long[] {k, rows * cf}));
    // Columns: A @ . = [48 (tx, sx, dx), 48*CF (ty, sy, dy, c, f)]
    Operand<TFloat32> both = tf.linalg.matMul(a, kxFirst);
    // [tx, sx, dx, ty, sy, dy, c, f] -> [ty, tx, sy, sx, c, dy, dx, f]
    Operand<TFloat32> split =
        tf.reshape(
            both, tf.constant(new long[] {3, BLOCK, BLOCK, 3, BLOCK, BLOCK, channels, filters}));
    Operand<TFloat32> ordered =
        tf.linalg.transpose(split, tf.constant(new int[] {3, 0, 4, 1, 6, 5, 2, 7}));
    return tf.reshape(
        ordered,
        tf.constant(
            new long[] {3, 3, BLOCK * BLOCK * channels, (long) BLOCK * BLOCK * filters})); // K
  }

  /** A[(t, s, d), kk] = 1 where kk = 4(t - 1) + s - d + (k - 1)/2 lies in [0, k). */
  static float[][] oneHot(int k) {
    int half = (k - 1) / 2;
    float[][] a = new float[3 * BLOCK * BLOCK][k];
    for (int t = 0; t < 3; t++) {
      for (int s = 0; s < BLOCK; s++) {
        for (int d = 0; d < BLOCK; d++) {
          int kk = BLOCK * (t - 1) + s - d + half;
          if (kk >= 0 && kk < k) {
            a[(t * BLOCK + s) * BLOCK + d][kk] = 1;
          }
        }
      }
    }
    return a;
  }
}
