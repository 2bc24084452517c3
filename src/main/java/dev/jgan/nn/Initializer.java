package dev.jgan.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Builds the initial value of a variable. Initializers are stateless and seeded: the same run seed
 * and variable name always give the same weights, so two runs with one seed start identically.
 */
@FunctionalInterface
public interface Initializer {

  /**
   * @param init ops in the graph's init scope (initial values may only use init ops)
   * @param shape the variable's shape
   * @param seed a two-element seed unique to this variable
   */
  Operand<TFloat32> initialValue(Ops init, Shape shape, Operand<TInt64> seed);

  static Initializer zeros() {
    return (init, shape, seed) -> init.zeros(init.constant(shape), TFloat32.class);
  }

  static Initializer ones() {
    return (init, shape, seed) -> init.fill(init.constant(shape), init.constant(1f));
  }

  /** N(0, stddev): the DCGAN paper's N(0, 0.02) for every weight. */
  static Initializer normal(float stddev) {
    return (init, shape, seed) ->
        init.math.mul(
            init.random.statelessRandomNormal(init.constant(shape), seed), init.constant(stddev));
  }

  /**
   * Glorot (Xavier) uniform, Keras' default for Dense and Conv kernels: U(-l, l) with l = sqrt(6 /
   * (fanIn + fanOut)), which keeps activations' variance roughly constant across layers.
   */
  static Initializer glorotUniform() {
    return (init, shape, seed) -> {
      long receptiveField = 1;
      for (int i = 0; i < shape.numDimensions() - 2; i++) {
        receptiveField *= shape.get(i);
      }
      long fanIn = shape.get(shape.numDimensions() - 2) * receptiveField;
      long fanOut = shape.get(shape.numDimensions() - 1) * receptiveField;
      float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
      Operand<TFloat32> unit = init.random.statelessRandomUniform(init.constant(shape), seed);
      // U[0,1) -> U[-limit, limit)
      return init.math.sub(init.math.mul(unit, init.constant(2f * limit)), init.constant(limit));
    };
  }
}
