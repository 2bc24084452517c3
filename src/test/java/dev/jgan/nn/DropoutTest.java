package dev.jgan.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class DropoutTest {
  private static final float RATE = 0.4f;
  private static final int UNITS = 10_000;

  /** x in [0.5, 1.5): never 0, so a 0 in the output is a dropped unit. */
  private static final float[] X = positive(1, UNITS);

  @Test
  void trainingMasksAreReproduciblePerSeedAndDifferAcrossSeeds() {
    try (Net net = new Net(true)) {
      float[] a = net.run(net.first, 7, 0);
      float[] again = net.run(net.first, 7, 0);
      float[] otherUpdate = net.run(net.first, 7, 1);
      float[] otherRun = net.run(net.first, 8, 0);
      assertArrayEquals(a, again, "same step seed, same mask");
      // Two independent masks at rate 0.4 disagree on 2 * 0.4 * 0.6 = 48% of the units.
      assertEquals(0.48, maskDisagreement(a, otherUpdate), 0.03);
      assertEquals(0.48, maskDisagreement(a, otherRun), 0.03);
    }
  }

  @Test
  void trainingDropsAboutRateOfTheUnitsAndScalesTheRestByOneOverKeep() {
    try (Net net = new Net(true)) {
      for (long update = 0; update < 3; update++) {
        float[] y = net.run(net.first, 7, update);
        int zeros = 0;
        for (int i = 0; i < UNITS; i++) {
          if (y[i] == 0f) {
            zeros++;
          } else {
            assertEquals(X[i] / (1 - RATE), y[i], 1e-6f * Math.abs(y[i]), "unit " + i);
          }
        }
        // Binomial(10000, 0.4): standard deviation 0.0049, so +-0.02 is four of them.
        assertEquals(RATE, zeros / (double) UNITS, 0.02, "fraction dropped");
      }
    }
  }

  @Test
  void twoDropoutLayersOfOneStepDrawDifferentMasks() {
    // Each layer (and each application) draws its own stream from the one step seed.
    try (Net net = new Net(true)) {
      float[] first = net.run(net.first, 7, 0);
      float[] second = net.run(net.second, 7, 0);
      assertEquals(0.48, maskDisagreement(first, second), 0.03);
    }
  }

  @Test
  void inferenceIsTheIdentity() {
    try (Net net = new Net(false)) {
      assertSame(net.x, net.firstLayer, "inference dropout adds no op");
      assertArrayEquals(X, net.run(net.first, 7, 0));
    }
  }

  @Test
  void rateZeroIsTheIdentityEvenInTraining() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      VariableStore store = new VariableStore(tf, 1, null);
      assertSame(x, Dropout.apply(store.root(), x, 0f, true));
    }
  }

  @Test
  void trainingDropoutNeedsAStepSeed() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      VariableStore store = new VariableStore(tf, 1);
      assertThrows(IllegalStateException.class, () -> Dropout.apply(store.root(), x, RATE, true));
    }
  }

  /** Of the units, the fraction kept by one mask and dropped by the other. */
  private static double maskDisagreement(float[] a, float[] b) {
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      if ((a[i] == 0f) != (b[i] == 0f)) {
        differ++;
      }
    }
    return differ / (double) a.length;
  }

  /** x [1, UNITS] -> two dropout layers applied to x in one graph, with a fed step seed. */
  private static final class Net implements AutoCloseable {
    final Graph graph = new Graph();
    final Session session;
    final Placeholder<TFloat32> x;
    final Placeholder<TInt64> stepSeed;
    final Operand<TFloat32> firstLayer;
    final Operand<TFloat32> first; // identity of firstLayer: x itself cannot be fed and fetched
    final Operand<TFloat32> second;

    Net(boolean training) {
      Ops tf = Ops.create(graph);
      x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, UNITS)));
      stepSeed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      VariableStore store = new VariableStore(tf, 1, stepSeed);
      firstLayer = Dropout.apply(store.root().child("a"), x, RATE, training);
      first = tf.identity(firstLayer);
      second = tf.identity(Dropout.apply(store.root().child("b"), x, RATE, training));
      session = new Session(graph);
    }

    float[] run(Operand<TFloat32> output, long runSeed, long update) {
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(1, UNITS), DataBuffers.of(X, true, false));
          TInt64 seed = TInt64.vectorOf(runSeed, update);
          Result r = session.runner().feed(x, xt).feed(stepSeed, seed).fetch(output).run()) {
        float[] out = new float[UNITS];
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

  private static float[] positive(long seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = (float) (0.5 + random.nextDouble());
    }
    return out;
  }
}
