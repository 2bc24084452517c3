package dev.jgan.eval;

import dev.jgan.classifier.ImageClassifier;

/**
 * The test images every row is compared with, prepared once: their features' Gaussian (FID) and the
 * k-NN balls of their feature directions (precision, recall, density and coverage; {@link
 * PrecisionRecall} says why directions).
 */
public final class RealSet {
  private final Features features;
  private final Fid.Gaussian gaussian;
  private final PrecisionRecall.Manifold manifold;
  private final PrecisionRecall.Manifold denseManifold;

  public RealSet(ImageClassifier.Outputs outputs, Pairwise pairwise) {
    this.features = features(outputs);
    this.gaussian = Fid.fit(features);
    Features directions = features.unitRows();
    this.manifold = PrecisionRecall.manifold(directions, PrecisionRecall.K, pairwise);
    this.denseManifold = PrecisionRecall.manifold(directions, PrecisionRecall.DENSITY_K, pairwise);
  }

  public Features features() {
    return features;
  }

  /**
   * Compares another image set's classifier outputs with these images.
   *
   * @param seed picks KID's subsets
   */
  public SetMetrics compare(ImageClassifier.Outputs other, long seed, Pairwise pairwise) {
    Features f = features(other);
    double fid = Fid.distance(gaussian, Fid.fit(f));
    // Subsets of at most half the set, so that they differ and their spread means something.
    int subsetSize =
        Math.min(Kid.SUBSET_SIZE, Math.max(2, Math.min(f.count(), features.count()) / 2));
    Kid.Result kid = Kid.compute(features, f, Kid.SUBSETS, subsetSize, seed, pairwise);
    ClassStatistics classes =
        ClassStatistics.fromLogits(other.logits(), other.logits().length / other.count());
    PrecisionRecall.Result pr =
        PrecisionRecall.compute(
            manifold,
            denseManifold,
            PrecisionRecall.manifold(f.unitRows(), PrecisionRecall.K, pairwise),
            pairwise);
    return new SetMetrics(fid, kid, classes, pr);
  }

  static Features features(ImageClassifier.Outputs outputs) {
    int count = outputs.count();
    return new Features(count, outputs.features().length / count, outputs.features());
  }
}
