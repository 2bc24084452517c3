package dev.jgan.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;

/**
 * What {@code gan evaluate} measures only for a conditional generator (K classes, image i asked for
 * label i % K): whether the classifier agrees with the label asked for, and FID per class.
 *
 * @param classes K, the generator's class count
 * @param labelAccuracy the share of generated images whose classifier arg-max is the label asked
 *     for; NaN when K is not the classifier's class count (see {@code note})
 * @param perClassFid FID between the generated images of class k and the test images of true label
 *     k, one per class; NaN where either set has fewer than 2 images; empty when skipped
 * @param count the generated images the accuracy is over
 * @param note why a number was skipped, or null
 */
public record ConditionalMetrics(
    int classes, double labelAccuracy, double[] perClassFid, int count, String note) {

  /** Labels 0, 1, ..., K-1, 0, ... : the label asked for image i is i % K. */
  public static int[] cyclingLabels(int count, int classes) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % classes;
    }
    return labels;
  }

  /**
   * @param fakeLogits the classifier's logits of the generated images, [count, classifierClasses]
   * @param fake their features
   * @param asked the label asked for each generated image
   * @param real the test images' features
   * @param realLabels their true labels
   */
  public static ConditionalMetrics compute(
      int classes,
      int classifierClasses,
      float[] fakeLogits,
      Features fake,
      int[] asked,
      Features real,
      int[] realLabels) {
    if (classes != classifierClasses) {
      return new ConditionalMetrics(
          classes,
          Double.NaN,
          new double[0],
          asked.length,
          String.format(
              Locale.ROOT,
              "the generator has %d classes and the classifier %d: label accuracy and per-class"
                  + " FID skipped",
              classes,
              classifierClasses));
    }
    return new ConditionalMetrics(
        classes,
        labelAccuracy(fakeLogits, classifierClasses, asked),
        perClassFid(fake, asked, real, realLabels, classes),
        asked.length,
        null);
  }

  /** The share of rows of {@code logits} whose arg-max equals {@code labels[row]}. */
  public static double labelAccuracy(float[] logits, int classes, int[] labels) {
    if (logits.length != (long) labels.length * classes) {
      throw new IllegalArgumentException(
          logits.length + " logits are not " + labels.length + " rows of " + classes);
    }
    int agree = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (logits[i * classes + c] > logits[i * classes + best]) {
          best = c;
        }
      }
      if (best == labels[i]) {
        agree++;
      }
    }
    return (double) agree / labels.length;
  }

  /**
   * FID between the rows of {@code fake} labelled k and the rows of {@code real} labelled k, for k
   * = 0..classes-1; NaN where either has fewer than 2 rows.
   */
  public static double[] perClassFid(
      Features fake, int[] fakeLabels, Features real, int[] realLabels, int classes) {
    double[] out = new double[classes];
    for (int k = 0; k < classes; k++) {
      int[] f = indicesOf(fakeLabels, k);
      int[] r = indicesOf(realLabels, k);
      out[k] = f.length < 2 || r.length < 2 ? Double.NaN : Fid.distance(fake.rows(f), real.rows(r));
    }
    return out;
  }

  static int[] indicesOf(int[] labels, int k) {
    return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == k).toArray();
  }

  /** "93.4% over N images", or the note. */
  public String accuracyLine() {
    if (Double.isNaN(labelAccuracy)) {
      return "label accuracy: skipped (" + note + ")";
    }
    return String.format(
        Locale.ROOT,
        "label accuracy (classifier agrees with the label asked for): %.1f%% over %d images",
        100 * labelAccuracy,
        count);
  }

  /** "per-class FID: 0:12.3 1:8.1 ...", or null when skipped. */
  public String perClassLine() {
    if (perClassFid.length == 0) {
      return null;
    }
    StringBuilder s = new StringBuilder("per-class FID:");
    for (int k = 0; k < perClassFid.length; k++) {
      s.append(
          Double.isNaN(perClassFid[k])
              ? " " + k + ":n/a"
              : String.format(Locale.ROOT, " %d:%.1f", k, perClassFid[k]));
    }
    return s.toString();
  }

  /** Sets label_accuracy and per_class_fid (and conditional_note) on {@code json}. */
  public void putJson(ObjectNode json) {
    if (Double.isNaN(labelAccuracy)) {
      json.putNull("label_accuracy");
    } else {
      json.put("label_accuracy", labelAccuracy);
    }
    if (perClassFid.length == 0) {
      json.putNull("per_class_fid");
    } else {
      ObjectNode p = json.putObject("per_class_fid");
      for (int k = 0; k < perClassFid.length; k++) {
        if (Double.isNaN(perClassFid[k])) {
          p.putNull(Integer.toString(k));
        } else {
          p.put(Integer.toString(k), perClassFid[k]);
        }
      }
    }
    if (note != null) {
      json.put("conditional_note", note);
    }
  }

  /** The JSON of an unconditional generator: both null. */
  public static void putUnconditionalJson(ObjectNode json) {
    json.putNull("label_accuracy");
    json.putNull("per_class_fid");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConditionalMetrics m
        && classes == m.classes
        && count == m.count
        && Double.compare(labelAccuracy, m.labelAccuracy) == 0
        && Arrays.equals(perClassFid, m.perClassFid)
        && java.util.Objects.equals(note, m.note);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(perClassFid) + java.util.Objects.hash(classes, count, note);
  }

  @Override
  public String toString() {
    return "ConditionalMetrics[classes="
        + classes
        + ", labelAccuracy="
        + labelAccuracy
        + ", perClassFid="
        + Arrays.toString(perClassFid)
        + ", note="
        + note
        + "]";
  }
}
