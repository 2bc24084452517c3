package dev.jgan.classifier;

import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import dev.jgan.nn.VarScope;
import dev.jgan.nn.VariableStore;
import dev.jgan.optim.Adam;
import dev.jgan.optim.AdamSettings;
import dev.jgan.runtime.SessionOptions;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The classifier's training graph and its Session: softmax cross-entropy on one-hot labels, one
 * Adam bound to the classifier's variables, and an inference-mode copy of the network (same
 * weights, no dropout) for measuring accuracy. Close it to free native memory.
 */
public final class ClassifierSession implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final ClassifierNet net;
  private final Placeholder<TFloat32> images; // [N, H, W, C] in [-1, 1]
  private final Placeholder<TFloat32> labels; // [N, K] one-hot
  private final Placeholder<TInt64> stepSeed; // [2]: dropout masks of this step
  private final Operand<TFloat32> loss;
  private final Op step;
  private final Operand<TFloat32> inferenceLogits;
  private final List<Variable<TFloat32>> variables;
  private final long seed;

  public ClassifierSession(ClassifierNet net, AdamSettings adam, long seed) {
    this.seed = seed;
    this.net = net;
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      ImageShape image = net.image();
      images =
          tf.withName("images")
              .placeholder(
                  TFloat32.class,
                  Placeholder.shape(Shape.of(-1, image.height(), image.width(), image.channels())));
      labels =
          tf.withName("labels")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, net.classes())));
      stepSeed = tf.withName("step_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      VariableStore store = new VariableStore(tf, seed, stepSeed);
      VarScope scope = store.root().child(ClassifierNet.SCOPE);
      Operand<TFloat32> logits = net.build(scope, images, true).logits();
      inferenceLogits = net.build(scope.reusing(), images, false).logits();
      Ops losses = tf.withSubScope("loss");
      // Cross-entropy -sum(y * log softmax(logits)), averaged over the batch. LogSoftmax has a
      // gradient in TF's C++ registry and is stable for large logits.
      loss =
          losses.math.neg(
              losses.math.mean(
                  losses.reduceSum(
                      losses.math.mul(labels, losses.nn.logSoftmax(logits)), losses.constant(1)),
                  losses.constant(0)));
      variables = store.trainable(ClassifierNet.SCOPE);
      step = Adam.minimize(tf, new Adam.Objective("adam", loss, variables, adam));
      session = SessionOptions.processDefault().newSession(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * One Adam step on a batch; returns the loss before the update.
   *
   * @param step the step number: it seeds this step's dropout masks
   * @param pixels {@code count} images of the net's shape, values in [-1, 1]
   * @param classes {@code count} labels in 0..K-1
   */
  public float trainStep(long step, float[] pixels, int[] classes) {
    int count = classes.length;
    try (TFloat32 x = imageTensor(pixels, count);
        TFloat32 y = oneHot(classes);
        TInt64 s = TInt64.vectorOf(seed, step);
        Result r =
            session
                .runner()
                .feed(images, x)
                .feed(labels, y)
                .feed(stepSeed, s)
                .addTarget(this.step)
                .fetch(loss)
                .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  /** Inference-mode logits (no dropout): {@code count} images -> {@code count * K}. */
  public float[] logits(float[] pixels, int count) {
    try (TFloat32 x = imageTensor(pixels, count);
        Result r = session.runner().feed(images, x).fetch(inferenceLogits).run()) {
      float[] out = new float[count * net.classes()];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /** Writes a TF checkpoint of every variable (the exporter restores the network from it). */
  public void save(String prefix) {
    session.save(prefix);
  }

  /** K, the number of classes the network predicts. */
  public int classes() {
    return net.classes();
  }

  public List<Variable<TFloat32>> variables() {
    return variables;
  }

  private TFloat32 imageTensor(float[] pixels, int count) {
    ImageShape image = net.image();
    if (pixels.length != count * image.pixels()) {
      throw new IllegalArgumentException(
          pixels.length + " pixels are not " + count + " images of " + image);
    }
    return TFloat32.tensorOf(
        Shape.of(count, image.height(), image.width(), image.channels()),
        DataBuffers.of(pixels, true, false));
  }

  private TFloat32 oneHot(int[] classes) {
    int k = net.classes();
    float[] values = new float[classes.length * k];
    for (int i = 0; i < classes.length; i++) {
      if (classes[i] < 0 || classes[i] >= k) {
        throw new IllegalArgumentException("label " + classes[i] + " outside 0.." + (k - 1));
      }
      values[i * k + classes[i]] = 1f;
    }
    return TFloat32.tensorOf(Shape.of(classes.length, k), DataBuffers.of(values, true, false));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
