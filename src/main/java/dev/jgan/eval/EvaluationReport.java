package dev.jgan.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.config.ConfigResolver;
import dev.jgan.model.ImageShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What {@code gan evaluate} measured: printed as a table, or as JSON with {@code --json}. {@code
 * conditional} is null for an unconditional generator.
 */
public record EvaluationReport(
    Path model,
    String weights,
    String dataset,
    int count,
    long seed,
    String noise,
    Path classifier,
    String classifierSha256,
    OptionalDouble classifierAccuracy,
    int featureDim,
    ImageShape imageShape,
    boolean cropped,
    SetMetrics generated,
    Discrimination discriminator,
    ConditionalMetrics conditional,
    ReferenceRows.Rows reference,
    Path referenceFile,
    boolean referenceCached,
    double seconds)
    implements Report {

  /**
   * The run's exported discriminator on the same images: the fraction of test images it calls real
   * (p > 0.5) and of generated images it calls fake.
   */
  public record Discrimination(Path dir, double realAccuracy, double fakeAccuracy) {}

  public ObjectNode toJson() {
    ObjectNode json = ConfigResolver.JSON.createObjectNode();
    json.put("model", model.toString());
    json.put("weights", weights);
    json.put("dataset", dataset);
    json.put("count", count);
    json.put("seed", seed);
    json.put("noise", noise);
    json.put("image_shape", Evaluation.describe(imageShape));
    json.put("cropped_to_28x28", cropped);
    ObjectNode c = json.putObject("classifier");
    c.put("path", classifier.toString());
    c.put("sha256", classifierSha256);
    if (classifierAccuracy.isPresent()) {
      c.put("test_accuracy", classifierAccuracy.getAsDouble());
    } else {
      c.putNull("test_accuracy");
    }
    c.put("features", featureDim);
    json.set("generated", generated.toJson());
    if (discriminator != null) {
      ObjectNode d = json.putObject("discriminator");
      d.put("path", discriminator.dir().toString());
      d.put("real_accuracy", discriminator.realAccuracy());
      d.put("fake_accuracy", discriminator.fakeAccuracy());
      d.put("threshold", 0.5);
    } else {
      json.putNull("discriminator");
    }
    if (conditional != null) {
      json.put("classes", conditional.classes());
      conditional.putJson(json);
    } else {
      ConditionalMetrics.putUnconditionalJson(json);
    }
    json.set("reference", ReferenceRows.toJson(reference));
    json.put("reference_cache", referenceFile.toString());
    json.put("reference_from_cache", referenceCached);
    json.put("class_entropy_unit", "nats");
    json.put("seconds", Math.round(seconds * 10) / 10.0);
    return json;
  }

  /** The readable report: a header, one row per image set, the class histogram, a legend. */
  public List<String> table() {
    List<String> lines = new ArrayList<>();
    lines.add(
        f(
            "evaluate %s on %s: %d generated images (%s noise, seed %d) vs %d test images",
            model, dataset, count, noise, seed, count));
    lines.add("weights " + weights);
    lines.add(
        f(
            "classifier %s (%s, %d features)",
            classifier,
            classifierAccuracy.isPresent()
                ? f("test accuracy %.2f%%", 100 * classifierAccuracy.getAsDouble())
                : "test accuracy unknown",
            featureDim));
    if (cropped) {
      lines.add(
          f(
              "images: %s, cropped to the centre 28x28 for the classifier (dcgan-bn's 2-pixel"
                  + " padding)",
              Evaluation.describe(imageShape)));
    }
    lines.add("");
    lines.add(
        f(
            "%-22s %8s %17s %6s %8s %10s %7s %8s %9s",
            "", "FID", "KID", "score", "entropy", "precision", "recall", "density", "coverage"));
    lines.add(row("generated", generated));
    lines.add(
        "reference rows (same test images"
            + (referenceCached ? ", from the cache" : ", now cached")
            + "):");
    lines.add(row("  train vs test", reference.trainVsTest()));
    lines.add(row("  uniform noise", reference.uniformNoise()));
    lines.add(row("  one test image x N", reference.oneImage()));
    lines.add("");
    StringBuilder histogram = new StringBuilder("predicted classes of the generated images:");
    long[] h = generated.classes().histogram();
    for (int c = 0; c < h.length; c++) {
      histogram.append(f(" %d:%d", c, h[c]));
    }
    lines.add(histogram.toString());
    if (conditional != null) {
      lines.add(conditional.accuracyLine());
      String perClass = conditional.perClassLine();
      if (perClass != null) {
        lines.add(perClass);
      }
    }
    if (discriminator != null) {
      lines.add(
          f(
              "discriminator (%s): calls %.1f%% of the test images real and %.1f%% of the generated"
                  + " ones fake (p > 0.5 = real)",
              discriminator.dir().getFileName(),
              100 * discriminator.realAccuracy(),
              100 * discriminator.fakeAccuracy()));
    } else {
      lines.add("discriminator: none (train with --export-discriminator to score it too)");
    }
    lines.add("");
    lines.add(distanceLegend(generated.kid()) + ".");
    lines.add(
        "score: classifier score exp(E[KL(p(y|x) || p(y))]), 1..10 (higher: confident and"
            + " varied). entropy: of the predicted-class histogram, in nats (uniform: ln 10 ="
            + " 2.303).");
    lines.add(
        "precision: share of generated images inside a real image's k-NN ball (k = "
            + PrecisionRecall.K
            + "); recall: share of real images inside a generated one's. density: real balls"
            + " (k = "
            + PrecisionRecall.DENSITY_K
            + ") per generated image / k; coverage: share of real balls holding a generated"
            + " image. All four on feature directions (length 1). Read them against the reference"
            + " rows (README, Evaluation).");
    return lines;
  }

  /** The legend of FID and KID, without its full stop: every report explains them alike. */
  public static String distanceLegend(Kid.Result kid) {
    return "FID, KID: distance of the feature distributions (lower is better; KID is unbiased, mean"
        + " ± std over "
        + kid.subsets()
        + " subsets of "
        + kid.subsetSize()
        + ")";
  }

  private static String row(String label, SetMetrics m) {
    return f(
        "%-22s %8.2f %17s %6.2f %8.3f %10.3f %7.3f %8.3f %9.3f",
        label,
        m.fid(),
        f("%.3f ± %.3f", m.kid().mean(), m.kid().std()),
        m.classes().score(),
        m.classes().entropy(),
        m.precisionRecall().precision(),
        m.precisionRecall().recall(),
        m.precisionRecall().density(),
        m.precisionRecall().coverage());
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
