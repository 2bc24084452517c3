package dev.jgan.bench;

import dev.jgan.runtime.SessionOptions;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The float32 arithmetic this machine reaches through TensorFlow: a large square MatMul, the most
 * efficient kernel there is, timed like a training case. Training's GFLOP/s divided by this is how
 * far the models are from the hardware.
 */
final class MatmulPeak {
  /** 17 GFLOP per call on three 16 MB matrices: compute-bound, with no per-call overhead seen. */
  static final int SIZE = 2048;

  private MatmulPeak() {}

  /** GFLOP/s of an n x n by n x n MatMul per timed window. */
  static double[] gflops(int n, Windows timing) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      // Fetch a scalar: copying out n^2 floats per call would be timed too. Placeholders, not
      // constants, so that grappler cannot fold the product away.
      Operand<TFloat32> sum = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      try (Session session = SessionOptions.processDefault().newSession(graph);
          TFloat32 left = random(n, 1);
          TFloat32 right = random(n, 2)) {
        Runnable call =
            () -> {
              try (Result r = session.runner().feed(a, left).feed(b, right).fetch(sum).run()) {
                r.get(0);
              }
            };
        // Units of a GFLOP: 2 n^3 per product.
        return timing.time(call, 2.0 * n * n * n / 1e9).perSecond();
      }
    }
  }

  private static TFloat32 random(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n * n];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() - 0.5f;
    }
    return TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false));
  }
}
