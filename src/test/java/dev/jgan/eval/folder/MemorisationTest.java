package dev.jgan.eval.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.classifier.ImageClassifier;
import dev.jgan.eval.Pairwise;
import dev.jgan.model.ImageShape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memorisation check: copies of training images must be flagged, fresh images from the same
 * source must not. The feature network is a real one, trained on the synthetic "folder" by the real
 * code path on a small budget.
 */
class MemorisationTest {
  private static final ImageShape SHAPE = new ImageShape(16, 16, 3);
  private static final int TRAIN = 160;

  @TempDir static Path cache;
  private static Pairwise pairwise;
  private static ImageClassifier net;
  private static byte[] train;

  @BeforeAll
  static void trainTheFeatureNetwork() throws Exception {
    pairwise = new Pairwise();
    train = smoothImages(TRAIN, 1);
    byte[] heldOut = smoothImages(20, 2);
    net =
        FolderFeatureNet.openOrTrain(
            train,
            heldOut,
            SHAPE,
            cache,
            TRAIN * 8, // one epoch of the mirrored rotations
            new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterAll
  static void close() {
    net.close();
    pairwise.close();
  }

  @Test
  void copiesOfTrainingImagesWithTinyNoiseAreFlagged() {
    int samples = 120;
    SplittableRandom random = new SplittableRandom(3);
    float[] trainFloats = FeatureImages.floats(train);
    float[] fake = new float[samples * SHAPE.pixels()];
    for (int i = 0; i < samples; i++) {
      int source = random.nextInt(TRAIN);
      for (int p = 0; p < SHAPE.pixels(); p++) {
        fake[i * SHAPE.pixels() + p] =
            trainFloats[source * SHAPE.pixels() + p] + 0.01f * (float) random.nextGaussian();
      }
    }
    Memorisation m = check(fake, samples).memorisation();
    assertTrue(m.flagged(), "copies not flagged: " + m);
    assertTrue(m.pixels().closerShare() > 0.9, m.toString());
    assertTrue(m.features().closerShare() > 0.9, m.toString());
    assertTrue(m.pixels().ratio() < 0.2, m.toString());
    assertTrue(m.toJson().get("copies").asBoolean());
  }

  @Test
  void freshImagesFromTheSameSourceAreNotFlagged() {
    int samples = 200;
    float[] fake = FeatureImages.floats(smoothImages(samples, 4));
    Memorisation.Result result = check(fake, samples);
    Memorisation m = result.memorisation();
    assertFalse(m.flagged(), m.toString());
    // A fresh image and a real one are exchangeable: about QUANTILE of them closer than real.
    assertTrue(m.pixels().closerShare() < 0.25, m.toString());
    assertTrue(m.features().closerShare() < 0.25, m.toString());
    assertTrue(m.pixels().ratio() > 0.8, m.toString());
    assertEquals(samples, m.samples());
    assertEquals(TRAIN, m.reals());
    assertEquals(samples, result.pixelNeighbours().count());
    assertEquals(NearestGrid.NEIGHBOURS, result.pixelNeighbours().k());
  }

  @Test
  void theSampleCountIsCappedAndRealImagesAreSpreadEvenly() {
    int[] spread = Memorisation.spread(Memorisation.MAX_QUERIES * 3);
    assertEquals(Memorisation.MAX_QUERIES, spread.length);
    assertEquals(0, spread[0]);
    assertEquals(3, spread[1]);
    assertEquals(Memorisation.MAX_QUERIES * 3 - 3, spread[spread.length - 1]);
    int[] all = Memorisation.spread(7);
    assertEquals("[0, 1, 2, 3, 4, 5, 6]", Arrays.toString(all));
  }

  @Test
  void spaceComparesSamplesWithTheTenthPercentileOfRealDistances() {
    // Real leave-one-out distances 0..10: the 0.1-quantile is the second, 1.
    NearestNeighbours reals = neighbours(1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    // Samples with k = 2: only the first (nearest) of each pair counts.
    NearestNeighbours samples = neighbours(2, 0.5f, 0.6f, 1, 2, 0.25f, 9, 5, 9, 7, 9, 3, 9);
    Memorisation.Space s = Memorisation.space(samples, reals);
    assertEquals(1, s.threshold(), 1e-12);
    // 0.5 and 0.25 are closer than 1; 1 itself is not.
    assertEquals(2 / 6.0, s.closerShare(), 1e-12);
    assertEquals((1 + 3) / 2.0, s.sampleMedian(), 1e-12);
    assertEquals(5, s.realMedian(), 1e-12);
    assertEquals(0.4, s.ratio(), 1e-12);
  }

  @Test
  void flaggedNeedsBothSpaces() {
    Memorisation.Space copies = new Memorisation.Space(0.1, 1, 0.5, Memorisation.FLAG_SHARE);
    Memorisation.Space fresh = new Memorisation.Space(1, 1, 0.5, 0.1);
    Memorisation.Space almost = new Memorisation.Space(0.1, 1, 0.5, 0.49);
    assertTrue(new Memorisation(copies, copies, 10, 10).flagged());
    assertFalse(new Memorisation(copies, fresh, 10, 10).flagged());
    assertFalse(new Memorisation(fresh, copies, 10, 10).flagged());
    assertFalse(new Memorisation(copies, almost, 10, 10).flagged());
  }

  @Test
  void quantileIsLinearBetweenNeighbours() {
    double[] sorted = {0, 1, 2, 3, 4};
    assertEquals(0.4, Memorisation.quantile(sorted, 0.1), 1e-12);
    assertEquals(2, Memorisation.quantile(sorted, 0.5), 1e-12);
    assertEquals(4, Memorisation.quantile(sorted, 1), 1e-12);
    assertEquals(0, Memorisation.quantile(sorted, 0), 1e-12);
    assertEquals(7, Memorisation.quantile(new double[] {7}, 0.1), 1e-12);
  }

  private static Memorisation.Result check(float[] fake, int samples) {
    return Memorisation.check(
        fake, net.classify(fake, samples), FeatureImages.floats(train), net, SHAPE, pairwise);
  }

  /** Rows of {@code k} distances (indices unused by {@link Memorisation#space}). */
  private static NearestNeighbours neighbours(int k, float... distances) {
    return new NearestNeighbours(new int[distances.length], distances, k);
  }

  /**
   * Random smooth images: per channel a base level plus three plane waves of random direction,
   * frequency and phase. Images from one seed stream are independent draws of one process.
   */
  static byte[] smoothImages(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] out = new byte[count * SHAPE.pixels()];
    int size = SHAPE.height();
    for (int i = 0; i < count; i++) {
      for (int c = 0; c < 3; c++) {
        double base = random.nextDouble(0.3, 0.7);
        double[][] waves = new double[3][];
        for (int w = 0; w < 3; w++) {
          double angle = random.nextDouble(2 * Math.PI);
          double frequency = random.nextDouble(0.1, 0.5);
          waves[w] =
              new double[] {
                frequency * Math.cos(angle),
                frequency * Math.sin(angle),
                random.nextDouble(2 * Math.PI),
                random.nextDouble(0.05, 0.2)
              };
        }
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            double v = base;
            for (double[] w : waves) {
              v += w[3] * Math.sin(w[0] * x + w[1] * y + w[2]);
            }
            int p = (int) Math.round(255 * Math.min(1, Math.max(0, v)));
            out[i * SHAPE.pixels() + (y * size + x) * 3 + c] = (byte) p;
          }
        }
      }
    }
    return out;
  }
}
