package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.model.DcGanBn;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.nn.VarScope;
import dev.jgan.nn.VariableStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** D's one pass over real and generated images gives each batch the logits of its own pass. */
class DiscriminatorLogitsTest {
  private static final int N = 3;
  private static final int CLASSES = 10;

  @Test
  void onePassOverBothBatchesEqualsTwoPasses() {
    assertOnePassEqualsTwo(new MlpGan(8, ImageShape.MNIST, List.of(16), List.of(16), 0));
  }

  @Test
  void aConditionalDiscriminatorGetsEachBatchsLabels() {
    assertOnePassEqualsTwo(new MlpGan(8, ImageShape.MNIST, List.of(16), List.of(16), CLASSES));
  }

  @Test
  void batchNormKeepsTheBatchesApart() {
    GanModel model = new DcGanBn(8, new ImageShape(32, 32, 1), 8, 0);
    assertTrue(model.discriminatorMixesBatch());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VarScope d = new VariableStore(tf, 1).root().child(GanModel.DISCRIMINATOR);
      Operand<TFloat32> real = tf.constant(Shape.of(N, 32, 32, 1), pixels(1, N * 32 * 32));
      Operand<TFloat32> fake = tf.constant(Shape.of(N, 32, 32, 1), pixels(2, N * 32 * 32));
      assertFalse(DiscriminatorLogits.of(model, d, real, null, fake, null).together());
    }
  }

  /** The fused logits, then each batch through D alone with the same variables. */
  private static void assertOnePassEqualsTwo(GanModel model) {
    assertFalse(model.discriminatorMixesBatch());
    ImageShape image = model.imageShape();
    int pixels = image.height() * image.width() * image.channels();
    Shape batch = Shape.of(N, image.height(), image.width(), image.channels());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 7);
      VarScope d = store.root().child(GanModel.DISCRIMINATOR);
      Operand<TFloat32> real = tf.constant(batch, pixels(1, N * pixels));
      Operand<TFloat32> fake = tf.constant(batch, pixels(2, N * pixels));
      Operand<TInt32> realLabels = model.conditional() ? tf.constant(new int[] {0, 4, 9}) : null;
      Operand<TInt32> fakeLabels = model.conditional() ? tf.constant(new int[] {7, 7, 1}) : null;

      DiscriminatorLogits fused =
          DiscriminatorLogits.of(model, d, real, realLabels, fake, fakeLabels);
      assertTrue(fused.together());
      Operand<TFloat32> realAlone = model.discriminator(d.reusing(), real, realLabels, true);
      Operand<TFloat32> fakeAlone = fused.fakeAlone(model, d, fake, fakeLabels);
      // The same labels swapped between the batches give other logits: the labels are used.
      Operand<TFloat32> fakeWithRealLabels =
          model.conditional() ? model.discriminator(d.reusing(), fake, realLabels, true) : null;

      try (Session session = new Session(graph)) {
        Session.Runner runner =
            session
                .runner()
                .fetch(fused.real())
                .fetch(realAlone)
                .fetch(fused.fake())
                .fetch(fakeAlone);
        if (fakeWithRealLabels != null) {
          runner.fetch(fakeWithRealLabels);
        }
        try (Result r = runner.run()) {
          float[] fusedReal = values(r, 0);
          float[] fusedFake = values(r, 2);
          assertEquals(N, fusedReal.length);
          assertArrayEquals(values(r, 1), fusedReal, 1e-5f, "D(x)");
          assertArrayEquals(values(r, 3), fusedFake, 1e-5f, "D(G(z))");
          assertFalse(java.util.Arrays.equals(fusedReal, fusedFake), "two batches, two outputs");
          if (fakeWithRealLabels != null) {
            assertFalse(java.util.Arrays.equals(fusedFake, values(r, 4)), "labels ignored");
          }
        }
      }
    }
  }

  private static float[] values(Result result, int index) {
    TFloat32 t = (TFloat32) result.get(index);
    float[] out = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static org.tensorflow.ndarray.buffer.FloatDataBuffer pixels(long seed, int length) {
    return DataBuffers.of(TestModels.uniform(seed, length), true, false);
  }
}
