package dev.jgan.bench;

import dev.jgan.nn.NamedVariables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * What the plain yardsticks ({@link PlainDcganBench}, {@link PlainDcganBnBench}) share, written as
 * a TF-Java user would write it without the product's machinery: raw named variables created once
 * and shared by a second application, sigmoid cross-entropy from its formula, and raw {@code
 * ApplyAdam} over {@code tf.gradients}.
 */
final class PlainGraph {
  final Ops tf;
  final List<Variable<TFloat32>> gVars = new ArrayList<>();
  final List<Variable<TFloat32>> dVars = new ArrayList<>();
  private final Random init = new Random(1);
  private final Map<String, Variable<TFloat32>> created = new HashMap<>();

  PlainGraph(Ops tf) {
    this.tf = tf;
  }

  /**
   * A Glorot-uniform weight (Keras' default) of {@code shape}, made on its first use under {@code
   * name} and shared after.
   */
  Variable<TFloat32> glorotWeight(
      List<Variable<TFloat32>> vars, String name, int fanIn, int fanOut, long... shape) {
    float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
    return variable(vars, name + "_w", Shape.of(shape), () -> (init.nextFloat() * 2 - 1) * limit);
  }

  /** An N(0, 0.02) weight (the DCGAN paper's) of {@code shape}, made once under {@code name}. */
  Variable<TFloat32> paperWeight(List<Variable<TFloat32>> vars, String name, long... shape) {
    return variable(vars, name + "_w", Shape.of(shape), () -> init.nextGaussian() * 0.02);
  }

  /** A [size] variable filled with {@code value}, made once under {@code name}. */
  Variable<TFloat32> vector(List<Variable<TFloat32>> vars, String name, int size, float value) {
    return variable(vars, name, Shape.of(size), () -> value);
  }

  private Variable<TFloat32> variable(
      List<Variable<TFloat32>> vars, String name, Shape shape, DoubleSupplier values) {
    if (created.containsKey(name)) {
      return created.get(name); // a second application shares the weights
    }
    float[] data = new float[(int) shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) values.getAsDouble();
    }
    Variable<TFloat32> v =
        NamedVariables.create(
            tf, name, tf.withInitScope().constant(shape, DataBuffers.of(data, true, false)));
    vars.add(v);
    created.put(name, v);
    return v;
  }

  Operand<TFloat32> lrelu(Operand<TFloat32> x) {
    return tf.math.maximum(x, tf.math.mul(x, tf.constant(0.2f)));
  }

  /** mean(max(x, 0) - x * label + log(1 + exp(-|x|))): sigmoid cross-entropy on logits. */
  Operand<TFloat32> sce(Operand<TFloat32> logits, float label) {
    Operand<TFloat32> loss =
        tf.math.add(
            tf.math.sub(
                tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, tf.constant(label))),
            tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
    return tf.math.mean(loss, tf.constant(new int[] {0, 1}));
  }

  /** Raw ApplyAdam on each variable (beta1 0.5), then the beta powers advance. */
  Op adam(String name, Operand<TFloat32> loss, List<Variable<TFloat32>> vars, float lr) {
    Gradients grads = tf.gradients(loss, vars);
    Variable<TFloat32> b1Power =
        NamedVariables.create(tf, name + "_b1p", tf.withInitScope().constant(0.5f));
    Variable<TFloat32> b2Power =
        NamedVariables.create(tf, name + "_b2p", tf.withInitScope().constant(0.999f));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      Operand<TFloat32> zeros =
          tf.withInitScope().constant(v.shape(), DataBuffers.ofFloats(v.shape().size()));
      updates.add(
          tf.train.applyAdam(
              v,
              NamedVariables.create(tf, v.op().name() + "_m", zeros),
              NamedVariables.create(tf, v.op().name() + "_v", zeros),
              b1Power,
              b2Power,
              tf.constant(lr),
              tf.constant(0.5f),
              tf.constant(0.999f),
              tf.constant(1e-7f),
              grads.dy(i)));
    }
    Ops after = tf.withControlDependencies(updates);
    return after
        .withName(name + "_step")
        .withControlDependencies(
            List.of(
                after.assign(b1Power, after.math.mul(b1Power, after.constant(0.5f))),
                after.assign(b2Power, after.math.mul(b2Power, after.constant(0.999f)))))
        .noOp();
  }

  /** {@code n} random images in [-1, 1], the real half-batch the yardsticks feed each step. */
  static float[] syntheticPixels(int n, int size, int channels) {
    float[] pixels = new float[n * size * size * channels];
    Random random = new Random(7);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat() * 2 - 1;
    }
    return pixels;
  }
}
