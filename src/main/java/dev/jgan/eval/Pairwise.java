package dev.jgan.eval;

import dev.jgan.runtime.SessionOptions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Inner products and squared Euclidean distances between two sets of vectors, computed by
 * TensorFlow (a matrix product on every core: 10,000 x 10,000 distances of 128-d features take
 * about a second, where a plain Java loop takes a minute). Close it to free the native graph.
 */
public final class Pairwise implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> a; // [n, d]
  private final Placeholder<TFloat32> b; // [m, d]
  private final Operand<TFloat32> gram; // [n, m]: a . b^T
  private final Operand<TFloat32> squaredDistances; // [n, m]: |a_i - b_j|^2, clamped at 0

  public Pairwise() {
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
      b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
      gram = tf.linalg.matMul(a, b, MatMul.transposeB(true));
      // |a|^2 [n, 1] + |b|^2 [1, m] - 2 a.b^T; rounding can make a zero distance slightly negative
      Operand<TFloat32> aNorms =
          tf.reduceSum(tf.math.square(a), tf.constant(1), ReduceSum.keepDims(true));
      Operand<TFloat32> bNorms =
          tf.reshape(
              tf.reduceSum(tf.math.square(b), tf.constant(1)), tf.constant(new long[] {1, -1}));
      squaredDistances =
          tf.math.maximum(
              tf.math.sub(tf.math.add(aNorms, bNorms), tf.math.mul(tf.constant(2f), gram)),
              tf.constant(0f));
      session = SessionOptions.processDefault().newSession(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** a . b^T: [rowsA, rowsB], row-major; a and b hold rows of {@code dim} values. */
  public float[] gram(float[] a, float[] b, int dim) {
    return run(gram, a, b, dim);
  }

  /** |a_i - b_j|^2: [rowsA, rowsB], row-major. */
  public float[] squaredDistances(float[] a, float[] b, int dim) {
    return run(squaredDistances, a, b, dim);
  }

  private float[] run(Operand<TFloat32> output, float[] aValues, float[] bValues, int dim) {
    int rowsA = aValues.length / dim;
    int rowsB = bValues.length / dim;
    if ((long) rowsA * dim != aValues.length || (long) rowsB * dim != bValues.length) {
      throw new IllegalArgumentException("arrays are not rows of " + dim);
    }
    try (TFloat32 at =
            TFloat32.tensorOf(Shape.of(rowsA, dim), DataBuffers.of(aValues, true, false));
        TFloat32 bt =
            TFloat32.tensorOf(Shape.of(rowsB, dim), DataBuffers.of(bValues, true, false));
        Result r = session.runner().feed(a, at).feed(b, bt).fetch(output).run()) {
      float[] out = new float[Math.multiplyExact(rowsA, rowsB)];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
