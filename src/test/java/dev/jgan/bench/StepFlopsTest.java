package dev.jgan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.config.Update;
import dev.jgan.model.DcGan;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The FLOP count of a step against a count by hand from the layer sizes. Each layer is its
 * multiply-adds per image; a backward pass through a layer costs as much again for the weights and
 * as much again for the input (when something upstream needs that gradient).
 */
class StepFlopsTest {
  private static final int BATCH = 8;

  // The tiny MLP: z(8) -> 16 -> 16 -> 784 and 784 -> 16 -> 16 -> 1.
  private static final long[] MLP_G = {8 * 16, 16 * 16, 16 * 784};
  private static final long[] MLP_D = {784 * 16, 16 * 16, 16};

  // The Keras DCGAN: dense 100 -> 7x7x128; 4x4 stride-2 transposed convolutions 128 -> 128 at
  // 7x7 -> 14x14 and 14x14 -> 28x28 (MACs per input pixel: 16 x 128 x 128); a 7x7 convolution
  // 128 -> 1 at 28x28. D: 3x3 stride-2 convolutions 1 -> 64 (to 14x14) and 64 -> 64 (to 7x7),
  // then the dense logit from 7x7x64.
  private static final long[] DCGAN_G = {
    100L * 7 * 7 * 128, 7L * 7 * 128 * 16 * 128, 14L * 14 * 128 * 16 * 128, 28L * 28 * 49 * 128
  };
  private static final long[] DCGAN_D = {14L * 14 * 64 * 9, 7L * 7 * 64 * 9 * 64, 7L * 7 * 64};

  @Test
  void alternatingMlpStep() {
    assertEquals(2.0 * BATCH * alternating(MLP_G, MLP_D), count(tinyMlp(), Update.ALTERNATING));
  }

  @Test
  void simultaneousMlpStepComputesGsForwardPassOnce() {
    assertEquals(2.0 * BATCH * simultaneous(MLP_G, MLP_D), count(tinyMlp(), Update.SIMULTANEOUS));
  }

  @Test
  void alternatingDcganStep() {
    assertEquals(2.0 * BATCH * alternating(DCGAN_G, DCGAN_D), count(dcgan(), Update.ALTERNATING));
  }

  @Test
  void simultaneousDcganStep() {
    assertEquals(2.0 * BATCH * simultaneous(DCGAN_G, DCGAN_D), count(dcgan(), Update.SIMULTANEOUS));
  }

  @Test
  void onePassDcganStepComputesGsForwardPassOnce() {
    assertEquals(2.0 * BATCH * onePass(DCGAN_G, DCGAN_D), count(dcgan(), Update.ONE_PASS));
  }

  @Test
  void onePassMlpStep() {
    assertEquals(2.0 * BATCH * onePass(MLP_G, MLP_D), count(tinyMlp(), Update.ONE_PASS));
  }

  /** One run: the alternating step's two runs with G's forward pass shared between them. */
  private static long onePass(long[] g, long[] d) {
    return alternating(g, d) - sum(g);
  }

  /**
   * D's run: G forward; D forward on real and fake; per branch every weight gradient and the input
   * gradients of all but D's first layer (no gradient reaches the images). G's run: G forward; D
   * forward on fake; every D input gradient (down to G's output); G's weight gradients and the
   * input gradients of all but its first layer (none into z).
   */
  private static long alternating(long[] g, long[] d) {
    long dRun = sum(g) + 2 * sum(d) + 2 * sum(d) + 2 * upper(d);
    long gRun = sum(g) + sum(d) + sum(d) + sum(g) + upper(g);
    return dRun + gRun;
  }

  /**
   * One run: G forward and D on both batches once; D's loss back-propagates as in D's run above,
   * and G's loss through D's fake branch again (its gradient graph is its own) and into G.
   */
  private static long simultaneous(long[] g, long[] d) {
    return sum(g) + 2 * sum(d) + 2 * sum(d) + 2 * upper(d) + sum(d) + sum(g) + upper(g);
  }

  private static long sum(long[] layers) {
    return LongStream.of(layers).sum();
  }

  /** Layers whose input gradient is needed: all but the first. */
  private static long upper(long[] layers) {
    return sum(layers) - layers[0];
  }

  private static GanModel tinyMlp() {
    return new MlpGan(TestModels.LATENT, ImageShape.MNIST, List.of(16, 16), List.of(16, 16));
  }

  private static GanModel dcgan() {
    return new DcGan(100, 0.4f, 0, DcGan.Output.SIGMOID);
  }

  private static double count(GanModel model, Update update) {
    try (GanSession s = new GanSession(model, TestModels.settings(1, update), BATCH)) {
      return StepFlops.perStep(s.graph(), BATCH);
    }
  }
}
