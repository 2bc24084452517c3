package dev.jgan.eval.folder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.config.ConfigResolver;
import dev.jgan.eval.Evaluation;
import dev.jgan.eval.EvaluationReport;
import dev.jgan.eval.PrecisionRecall;
import dev.jgan.eval.ReferenceRows;
import dev.jgan.eval.Report;
import dev.jgan.eval.SetMetrics;
import dev.jgan.model.ImageShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What {@code gan evaluate} measured on a folder run: FID, KID, precision and recall against the
 * folder's images in its own feature network's space, the reference rows on the same scale, and the
 * memorisation check.
 *
 * @param data the folder or archive the run trained on
 * @param rest images the generated ones are compared with
 * @param heldOut images held out (a reference row)
 * @param featureNet the feature network's folder (in the cache)
 * @param rotationAccuracy its rotation accuracy on the held-out images
 * @param featureShape the images it reads
 * @param nearest where nearest.png was written
 */
public record FolderReport(
    Path model,
    String weights,
    Path data,
    int rest,
    int heldOut,
    int count,
    long seed,
    String noise,
    Path featureNet,
    String featureNetSha256,
    OptionalDouble rotationAccuracy,
    int featureDim,
    ImageShape imageShape,
    ImageShape featureShape,
    SetMetrics generated,
    ReferenceRows.Rows reference,
    boolean referenceCached,
    Memorisation memorisation,
    Path nearest,
    double seconds)
    implements Report {

  /** The feature space's name, as reports and docs give it. */
  public static final String SPACE = "folder rotation network";

  /** Share of images the feature network calls upright: rotation 0. */
  static double upright(SetMetrics m) {
    long[] h = m.classes().histogram();
    long total = 0;
    for (long n : h) {
      total += n;
    }
    return total == 0 ? 0 : (double) h[0] / total;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode json = ConfigResolver.JSON.createObjectNode();
    json.put("model", model.toString());
    json.put("weights", weights);
    json.put("dataset", "folder");
    json.put("data", data.toString());
    json.put("count", count);
    json.put("seed", seed);
    json.put("noise", noise);
    json.put("image_shape", Evaluation.describe(imageShape));
    ObjectNode space = json.putObject("feature_space");
    space.put("name", SPACE);
    space.put("path", featureNet.toString());
    space.put("sha256", featureNetSha256);
    space.put("input", Evaluation.describe(featureShape));
    space.put("features", featureDim);
    if (rotationAccuracy.isPresent()) {
      space.put("held_out_rotation_accuracy", rotationAccuracy.getAsDouble());
    }
    space.put("compared_with_images", rest);
    space.put("held_out_images", heldOut);
    json.set("generated", row(generated));
    ObjectNode rows = json.putObject("reference");
    rows.set("held_out_vs_rest", row(reference.trainVsTest()));
    rows.set("uniform_noise", row(reference.uniformNoise()));
    rows.set("one_image", row(reference.oneImage()));
    json.put("reference_from_cache", referenceCached);
    json.set("memorisation", memorisation.toJson());
    json.put("nearest_png", nearest.toString());
    json.put("seconds", Math.round(seconds * 10) / 10.0);
    return json;
  }

  private static ObjectNode row(SetMetrics m) {
    ObjectNode row = m.toJson();
    // The rotation logits' class statistics are not a classifier score: keep the upright share.
    row.remove("classifier_score");
    row.remove("class_histogram");
    row.remove("class_entropy_nats");
    row.put("upright", upright(m));
    return row;
  }

  @Override
  public List<String> table() {
    List<String> lines = new ArrayList<>();
    lines.add(
        f(
            "evaluate %s on the folder %s: %d generated images (%s noise, seed %d) vs its %d"
                + " images",
            model, data, count, noise, seed, rest));
    lines.add("weights " + weights);
    lines.add(
        f(
            "feature space: the %s (%s, %d features; %s on %d held-out images), trained on the"
                + " folder itself: %s",
            SPACE,
            Evaluation.describe(featureShape),
            featureDim,
            rotationAccuracy.isPresent()
                ? f("rotation accuracy %.1f%%", 100 * rotationAccuracy.getAsDouble())
                : "accuracy unknown",
            heldOut,
            featureNet));
    lines.add("");
    lines.add(
        f(
            "%-26s %8s %17s %9s %7s %8s %9s %8s",
            "", "FID", "KID", "precision", "recall", "density", "coverage", "upright"));
    lines.add(row("generated", generated));
    lines.add(
        "reference rows (same "
            + rest
            + " images"
            + (referenceCached ? ", from the cache" : ", now cached")
            + "):");
    lines.add(row(f("  %d held-out images", heldOut), reference.trainVsTest()));
    lines.add(row("  uniform noise", reference.uniformNoise()));
    lines.add(row("  one held-out image x N", reference.oneImage()));
    lines.add("");
    lines.add(
        f(
            "memorisation (%d samples vs %d real images, nearest training image; real: nearest"
                + " other one):",
            memorisation.samples(), memorisation.reals()));
    lines.add(space("pixels (RMS, [-1, 1])", memorisation.pixels()));
    lines.add(space("features", memorisation.features()));
    lines.add(
        memorisation.flagged()
            ? f(
                "COPIES: most samples are nearer a training image than 90%% of real images are to"
                    + " their nearest other one; the generator reproduces its training set. Look"
                    + " at %s",
                nearest)
            : f(
                "no copies: samples are about as far from the training images as real images are"
                    + " from each other (flagged at %.0f%% closer than real in both spaces). %s"
                    + " shows each sample beside its nearest training images",
                100 * Memorisation.FLAG_SHARE, nearest));
    lines.add("");
    lines.add(
        EvaluationReport.distanceLegend(generated.kid())
            + ". The held-out row is the floor of KID; its FID is biased up by its "
            + heldOut
            + " images (FID's bias grows as the set shrinks).");
    lines.add(
        "precision, recall, density, coverage: k-NN manifolds on feature directions (k = "
            + PrecisionRecall.K
            + "). upright: share the feature network calls unrotated (real images: about its"
            + " accuracy).");
    return lines;
  }

  private static String row(String label, SetMetrics m) {
    return f(
        "%-26s %8.2f %17s %9.3f %7.3f %8.3f %9.3f %8.3f",
        label,
        m.fid(),
        f("%.4f ± %.4f", m.kid().mean(), m.kid().std()),
        m.precisionRecall().precision(),
        m.precisionRecall().recall(),
        m.precisionRecall().density(),
        m.precisionRecall().coverage(),
        upright(m));
  }

  private static String space(String label, Memorisation.Space s) {
    return f(
        "  %-22s median nearest: samples %.4f, real %.4f (ratio %.2f); %.1f%% of samples closer"
            + " than 90%% of real images",
        label, s.sampleMedian(), s.realMedian(), s.ratio(), 100 * s.closerShare());
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
