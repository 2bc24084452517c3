package dev.jgan.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.config.ConfigResolver;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConditionalMetricsTest {
  @Test
  void labelsCycleThroughTheClasses() {
    assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, ConditionalMetrics.cyclingLabels(7, 3));
  }

  @Test
  void labelAccuracyIsTheShareOfArgMaxesEqualToTheLabelAskedFor() {
    int classes = 10;
    int[] labels = ConditionalMetrics.cyclingLabels(10, classes);
    float[] logits = new float[10 * classes];
    for (int i = 0; i < 10; i++) {
      // Images 0..6 predicted as asked, 7..9 as the next class.
      int predicted = i < 7 ? labels[i] : (labels[i] + 1) % classes;
      for (int c = 0; c < classes; c++) {
        logits[i * classes + c] = c == predicted ? 3f : -1f + 0.1f * c;
      }
    }
    assertEquals(0.7, ConditionalMetrics.labelAccuracy(logits, classes, labels), 1e-12);
  }

  @Test
  void perClassFidIsZeroWhereTheClassesMatchAndLargeWhereTheyDiffer() {
    int classes = 3;
    int dim = 4;
    int perClass = 20;
    SplittableRandom random = new SplittableRandom(7);
    // Real features: class k is a cloud around k * 10 in every dimension.
    int n = classes * perClass;
    float[] realValues = new float[n * dim];
    int[] realLabels = new int[n];
    for (int i = 0; i < n; i++) {
      realLabels[i] = (i * 7) % classes; // another order than the generated set
      for (int j = 0; j < dim; j++) {
        realValues[i * dim + j] = realLabels[i] * 10 + (float) random.nextGaussian();
      }
    }
    Features real = new Features(n, dim, realValues);
    // Generated: the same rows, in label-cycling order; class 2's rows shifted by 5.
    int[] asked = ConditionalMetrics.cyclingLabels(n, classes);
    float[] fakeValues = new float[n * dim];
    int[] next = new int[classes];
    for (int i = 0; i < n; i++) {
      int k = asked[i];
      int[] sameClass = ConditionalMetrics.indicesOf(realLabels, k);
      int src = sameClass[next[k]++];
      for (int j = 0; j < dim; j++) {
        fakeValues[i * dim + j] = realValues[src * dim + j] + (k == 2 ? 5f : 0f);
      }
    }
    Features fake = new Features(n, dim, fakeValues);
    double[] fid = ConditionalMetrics.perClassFid(fake, asked, real, realLabels, classes);
    assertEquals(0, fid[0], 1e-6);
    assertEquals(0, fid[1], 1e-6);
    assertEquals(dim * 25.0, fid[2], 1e-3, "a shift of 5 in each of 4 dimensions");
  }

  @Test
  void aClassWithFewerThanTwoImagesHasNoFid() {
    Features f = new Features(4, 1, new float[] {0, 1, 2, 3});
    double[] fid =
        ConditionalMetrics.perClassFid(f, new int[] {0, 0, 1, 0}, f, new int[] {0, 0, 1, 1}, 2);
    assertTrue(Double.isFinite(fid[0]));
    assertTrue(Double.isNaN(fid[1]));
  }

  @Test
  void reportsLinesAndJson() {
    ConditionalMetrics m = new ConditionalMetrics(2, 0.934, new double[] {12.34, 8.06}, 500, null);
    assertEquals(
        "label accuracy (classifier agrees with the label asked for): 93.4% over 500 images",
        m.accuracyLine());
    assertEquals("per-class FID: 0:12.3 1:8.1", m.perClassLine());
    ObjectNode json = ConfigResolver.JSON.createObjectNode();
    m.putJson(json);
    assertEquals(0.934, json.get("label_accuracy").asDouble());
    assertEquals(8.06, json.at("/per_class_fid/1").asDouble());
  }

  @Test
  void aClassCountOtherThanTheClassifiersIsSkippedWithANote() {
    Features f = new Features(6, 1, new float[] {0, 1, 2, 3, 4, 5});
    ConditionalMetrics m =
        ConditionalMetrics.compute(
            3, 10, new float[60], f, ConditionalMetrics.cyclingLabels(6, 3), f, new int[6]);
    assertTrue(Double.isNaN(m.labelAccuracy()));
    assertNull(m.perClassLine());
    assertTrue(m.accuracyLine().contains("3 classes and the classifier 10"), m.accuracyLine());
    ObjectNode json = ConfigResolver.JSON.createObjectNode();
    m.putJson(json);
    assertTrue(json.get("label_accuracy").isNull());
    assertTrue(json.get("per_class_fid").isNull());
  }
}
