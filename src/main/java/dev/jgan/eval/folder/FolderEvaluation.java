package dev.jgan.eval.folder;

import dev.jgan.BadInputException;
import dev.jgan.classifier.ClassifierCard;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.ImageFolders;
import dev.jgan.data.ImageSet;
import dev.jgan.eval.Evaluation;
import dev.jgan.eval.GeneratedImages;
import dev.jgan.eval.Pairwise;
import dev.jgan.eval.RealSet;
import dev.jgan.eval.ReferenceRows;
import dev.jgan.eval.SetMetrics;
import dev.jgan.generate.GeneratorModel;
import dev.jgan.model.ImageShape;
import dev.jgan.random.Seeds;
import dev.jgan.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * {@code gan evaluate} on a run trained on an image folder (docs/DESIGN.md, "Evaluating a folder"):
 * the generator's images against the folder's own, in the space of a feature network trained on the
 * folder by predicting rotations ({@link FolderFeatureNet}), with reference rows (held-out images,
 * noise, one image repeated) and a memorisation check ({@link Memorisation}, {@code nearest.png}).
 * Needs no download and no labels.
 */
public final class FolderEvaluation {
  private FolderEvaluation() {}

  /**
   * @param nearestPng where to write nearest.png; null: the run folder (or beside the export)
   */
  public static FolderReport run(Evaluation.Request r, Path nearestPng, PrintStream log)
      throws IOException {
    long start = System.nanoTime();
    Optional<TrainConfig> config = RunFolder.containing(r.model()).flatMap(RunFolder::readConfig);
    Path data = dataOf(r, config);
    try (GeneratorModel generator = GeneratorModel.load(r.model(), null);
        Pairwise pairwise = new Pairwise()) {
      progress(
          log,
          start,
          "generating %d images with %s (%s noise)",
          r.count(),
          r.model(),
          generator.noise());
      GeneratedImages generated =
          GeneratedImages.generate(generator, r.count(), r.seed(), FeatureImages::of);
      ImageShape shape = generated.shape();
      ImageSet folder =
          ImageFolders.load(data, shape.height(), shape.channels(), r.cacheRoot()).data();
      FolderSplit split = FolderSplit.of(folder.size());
      FeatureImages features = FeatureImages.of(shape);
      byte[] rest = features.real(folder, split.rest());
      byte[] heldOut = features.real(folder, split.heldOut());
      try (ImageClassifier net =
          FolderFeatureNet.openOrTrain(rest, heldOut, features.shape(), r.cacheRoot(), log)) {
        progress(
            log,
            start,
            "comparing the generated images with the folder's %d images",
            split.rest().length);
        RealSet real =
            new RealSet(net.classify(FeatureImages.floats(rest), split.rest().length), pairwise);
        float[] fake = FeatureImages.floats(features.generated(generated.pixels(), r.count()));
        ImageClassifier.Outputs fakeOutputs = net.classify(fake, r.count());
        long kidSeed = Evaluation.kidSeed(r.seed());
        SetMetrics metrics = real.compare(fakeOutputs, kidSeed, pairwise);
        ReferenceRows.Cached rows =
            ReferenceRows.cachedOrCompute(
                new ReferenceRows.Key(
                    net.sha256(), "folder-" + net.dir().getFileName(), r.count(), r.seed()),
                r.cacheRoot(),
                () -> {
                  progress(log, start, "computing the reference rows (cached for later runs)");
                  return referenceRows(real, net, features, heldOut, split, r, kidSeed, pairwise);
                });

        progress(log, start, "looking for copies of training images among the samples");
        // split.all() is the rest, then the held-out images: the bytes read above, in order.
        byte[] all = java.util.Arrays.copyOf(rest, rest.length + heldOut.length);
        System.arraycopy(heldOut, 0, all, rest.length, heldOut.length);
        Memorisation.Result check =
            Memorisation.check(
                fake, fakeOutputs, FeatureImages.floats(all), net, features.shape(), pairwise);
        Path png = nearestPng != null ? nearestPng : defaultNearest(r.model());
        NearestGrid.write(
            generated.pixels(), shape, check.pixelNeighbours(), folder, split.all(), png);

        ClassifierCard card = net.card();
        return new FolderReport(
            r.model(),
            generator.weights(),
            data,
            split.rest().length,
            split.heldOut().length,
            r.count(),
            r.seed(),
            generator.noise(),
            net.dir(),
            net.sha256(),
            card != null ? card.testAccuracy() : OptionalDouble.empty(),
            net.featureDim(),
            shape,
            features.shape(),
            metrics,
            rows.rows(),
            rows.fromCache(),
            check.memorisation(),
            png,
            (System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** --data, else the run's own --data; a folder run always names it in config.json. */
  private static Path dataOf(Evaluation.Request r, Optional<TrainConfig> config) {
    Path data = r.data().orElseGet(() -> config.map(TrainConfig::data).map(Path::of).orElse(null));
    if (data == null) {
      throw new BadInputException(
          "--data is needed: "
              + r.model()
              + " is not inside a run folder whose config.json names its image folder; pass"
              + " --data with the folder or archive it was trained on");
    }
    if (r.data().isPresent() && !Files.exists(data)) {
      throw new BadInputException(
          "--data "
              + data
              + " does not exist; pass the folder or archive "
              + r.model()
              + " was trained on");
    }
    if (!Files.exists(data)) {
      throw new BadInputException(
          "the image folder "
              + data
              + " that "
              + r.model()
              + " was trained on does not exist any more; pass --data with its new place");
    }
    return data;
  }

  private static ReferenceRows.Rows referenceRows(
      RealSet real,
      ImageClassifier net,
      FeatureImages features,
      byte[] heldOut,
      FolderSplit split,
      Evaluation.Request r,
      long kidSeed,
      Pairwise pairwise) {
    int held = split.heldOut().length;
    SetMetrics heldOutRow =
        real.compare(net.classify(FeatureImages.floats(heldOut), held), kidSeed, pairwise);
    SplittableRandom random = Evaluation.random(r.seed(), Seeds.EVAL_NOISE_IMAGES);
    SetMetrics noise =
        real.compare(
            net.classify(FeatureImages.floats(features.noise(r.count(), random)), r.count()),
            kidSeed,
            pairwise);
    // The first held-out image, N times: classified once, its outputs repeated.
    int pixels = features.shape().pixels();
    byte[] first = java.util.Arrays.copyOf(heldOut, pixels);
    SetMetrics oneImage =
        real.compare(
            ReferenceRows.repeated(net.classify(FeatureImages.floats(first), 1), r.count()),
            kidSeed,
            pairwise);
    return new ReferenceRows.Rows(heldOutRow, noise, oneImage);
  }

  /** nearest.png in the run folder, or beside a SavedModel outside one. */
  static Path defaultNearest(Path model) {
    return RunFolder.containing(model)
        .map(run -> run.config().getParent())
        .orElse(model.toAbsolutePath().getParent())
        .resolve("nearest.png");
  }

  private static void progress(PrintStream log, long start, String format, Object... args) {
    log.printf("[%5.1f s] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
  }
}
