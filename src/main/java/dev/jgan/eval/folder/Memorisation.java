package dev.jgan.eval.folder;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.eval.Features;
import dev.jgan.eval.Pairwise;
import dev.jgan.model.ImageShape;
import java.util.Arrays;

/**
 * Whether a generator's samples are copies of its training images: how far each sample is from its
 * nearest training image, against how far each real image is from its nearest other one
 * (leave-one-out: the distance a fresh image from the same source would have). A generator that
 * learnt the images' distribution makes samples about as far from the training set as real images
 * are from each other; one that memorised them makes samples much closer. Measured in two spaces:
 * pixels (at the feature size, RMS per value in [-1, 1]) and the feature network's (directions:
 * unit-length feature vectors).
 *
 * @param pixels the pixel-space figures
 * @param features the feature-space figures
 * @param samples samples measured
 * @param reals real images measured (leave-one-out)
 */
record Memorisation(Space pixels, Space features, int samples, int reals) {
  /**
   * A sample is "closer than real" when its nearest training image is nearer than the nearest other
   * image is for 90% of real images: a fresh image from the same source is so at most 10% of the
   * time.
   */
  static final double QUANTILE = 0.1;

  /**
   * Copies: most samples closer than real in both spaces, five times what fresh images would give.
   */
  static final double FLAG_SHARE = 0.5;

  /** Samples and real images measured: the shares' standard error is then about 1%. */
  static final int MAX_QUERIES = 2_000;

  /**
   * @param sampleMedian median distance of a sample to its nearest training image
   * @param realMedian median distance of a real image to its nearest other one
   * @param threshold the {@link #QUANTILE} of the real distances
   * @param closerShare share of samples nearer their nearest training image than {@code threshold}
   */
  record Space(double sampleMedian, double realMedian, double threshold, double closerShare) {
    /** Below 1: samples sit closer to training images than real images sit to each other. */
    double ratio() {
      return sampleMedian / realMedian;
    }

    ObjectNode toJson() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("sample_nearest_median", sampleMedian);
      json.put("real_nearest_median", realMedian);
      json.put("ratio", ratio());
      json.put("threshold", threshold);
      json.put("closer_than_real_share", closerShare);
      return json;
    }
  }

  /** True when the samples are copies: most are closer than real in both spaces. */
  boolean flagged() {
    return pixels.closerShare() >= FLAG_SHARE && features.closerShare() >= FLAG_SHARE;
  }

  /** The check and the samples' nearest training images in pixels (for nearest.png). */
  record Result(Memorisation memorisation, NearestNeighbours pixelNeighbours) {}

  /**
   * Measures the first {@link #MAX_QUERIES} samples against every training image, and as many real
   * images against the others.
   *
   * @param fake generated images at the feature size, in [-1, 1]
   * @param fakeOutputs the feature network's outputs for them
   * @param train every training image read, at the feature size, in [-1, 1]
   */
  static Result check(
      float[] fake,
      ImageClassifier.Outputs fakeOutputs,
      float[] train,
      ImageClassifier net,
      ImageShape shape,
      Pairwise pairwise) {
    int dim = shape.pixels();
    int samples = Math.min(MAX_QUERIES, fake.length / dim);
    int[] reals = spread(train.length / dim);
    // Scaled by 1/sqrt(dim), a Euclidean distance is the RMS difference per value.
    float scale = (float) (1 / Math.sqrt(dim));
    float[] trainPixels = scaled(train, scale);
    float[] samplePixels = scaled(Arrays.copyOf(fake, samples * dim), scale);
    NearestNeighbours samplesNearest =
        NearestNeighbours.find(
            samplePixels, trainPixels, dim, NearestGrid.NEIGHBOURS, null, pairwise);
    NearestNeighbours realsNearest =
        NearestNeighbours.find(rows(trainPixels, reals, dim), trainPixels, dim, 1, reals, pairwise);

    // Feature directions, as precision and recall use: a bland image has small ReLU features and
    // would otherwise sit near every bland training image.
    int fd = net.featureDim();
    float[] trainFeatures = directions(net.classify(train, train.length / dim).features(), fd);
    float[] sampleFeatures = directions(Arrays.copyOf(fakeOutputs.features(), samples * fd), fd);
    NearestNeighbours samplesNearestFeatures =
        NearestNeighbours.find(sampleFeatures, trainFeatures, fd, 1, null, pairwise);
    NearestNeighbours realsNearestFeatures =
        NearestNeighbours.find(
            rows(trainFeatures, reals, fd), trainFeatures, fd, 1, reals, pairwise);
    Memorisation m =
        new Memorisation(
            space(samplesNearest, realsNearest),
            space(samplesNearestFeatures, realsNearestFeatures),
            samples,
            reals.length);
    return new Result(m, samplesNearest);
  }

  private static float[] directions(float[] features, int dim) {
    return new Features(features.length / dim, dim, features).unitRows().values();
  }

  private static float[] scaled(float[] values, float scale) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * scale;
    }
    return out;
  }

  private static float[] rows(float[] values, int[] rows, int dim) {
    float[] out = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * dim, out, i * dim, dim);
    }
    return out;
  }

  /**
   * Up to {@link #MAX_QUERIES} rows of {@code n}, evenly spread (all of them when there are fewer):
   * the real images whose leave-one-out distances are measured.
   */
  static int[] spread(int n) {
    int count = Math.min(n, MAX_QUERIES);
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = (int) ((long) i * n / count);
    }
    return rows;
  }

  /** One space's figures from the samples' and the real images' nearest-neighbour distances. */
  static Space space(NearestNeighbours samples, NearestNeighbours reals) {
    double[] s = nearest(samples);
    double[] r = nearest(reals);
    double threshold = quantile(r, QUANTILE);
    long closer = Arrays.stream(s).filter(d -> d < threshold).count();
    return new Space(quantile(s, 0.5), quantile(r, 0.5), threshold, (double) closer / s.length);
  }

  private static double[] nearest(NearestNeighbours n) {
    double[] d = new double[n.count()];
    for (int i = 0; i < d.length; i++) {
      d[i] = n.nearest(i);
    }
    Arrays.sort(d);
    return d;
  }

  /** The q-quantile of sorted values (linear between neighbours). */
  static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("pixels", pixels.toJson());
    json.set("features", features.toJson());
    json.put("samples", samples);
    json.put("real_images", reals);
    json.put("quantile", QUANTILE);
    json.put("flag_share", FLAG_SHARE);
    json.put("copies", flagged());
    return json;
  }
}
