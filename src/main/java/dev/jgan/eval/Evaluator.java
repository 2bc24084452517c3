package dev.jgan.eval;

import dev.jgan.BadInputException;
import dev.jgan.classifier.BundledClassifiers;
import dev.jgan.classifier.ClassifierCard;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.Datasets;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.Split;
import dev.jgan.generate.GeneratorModel;
import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import dev.jgan.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Scores generators against one data set's test images, keeping what does not depend on the
 * generator: the classifier (loaded and hashed once), the sampled test images, their features
 * ({@link RealSet}) and the reference rows. {@link Evaluation#run} ({@code gan evaluate}) opens one
 * for a single generator; {@code gan train --eval-every} keeps one for the whole run, so that each
 * evaluation only generates, classifies and compares.
 *
 * <p>The test images are read and classified, and the reference rows computed or read from their
 * cache, at the first {@link #evaluate}, once the generator has passed its checks: a model of the
 * wrong shape fails before seconds of classifying (and without the data set at hand).
 */
public final class Evaluator implements AutoCloseable {
  private final DatasetSpec spec;
  private final Optional<Path> data;
  private final int count;
  private final long seed;
  private final Path cacheRoot;
  private final Path classifierDir;
  private final ImageClassifier classifier;
  private final Pairwise pairwise;
  private final PrintStream log;
  private final long openedAt;

  /** Null until the first evaluation. */
  private TestSample test;

  /** Null until the first evaluation; then reused, as from the cache. */
  private ReferenceRows.Cached reference;

  private int evaluations;
  private boolean closed;

  /** The sampled test images, their labels and features: every generator is compared with them. */
  private record TestSample(float[] images, int[] labels, RealSet real) {}

  private Evaluator(
      DatasetSpec spec,
      Evaluation.Request r,
      Path classifierDir,
      ImageClassifier classifier,
      PrintStream log,
      long openedAt) {
    this.spec = spec;
    this.data = Evaluation.data(r, spec.name());
    this.count = r.count();
    this.seed = r.seed();
    this.cacheRoot = r.cacheRoot();
    this.classifierDir = classifierDir;
    this.classifier = classifier;
    this.pairwise = new Pairwise();
    this.log = log;
    this.openedAt = openedAt;
  }

  /**
   * Loads the classifier for {@code r}'s data set, count, seed and cache; {@code r.model()} only
   * names the data set when {@code r.dataset()} is null (its run's config.json), and may be null
   * otherwise.
   *
   * @param log progress lines of the evaluations
   * @throws BadInputException for a count out of range, an unknown data set, or a missing or
   *     foreign classifier
   */
  public static Evaluator open(Evaluation.Request r, PrintStream log) {
    long openedAt = System.nanoTime();
    Evaluation.checkCount(r.count());
    DatasetSpec spec = DatasetSpec.byName(Evaluation.dataset(r, log));
    Path classifierDir =
        r.classifier() != null
            ? Evaluation.checkedClassifier(r.classifier())
            : BundledClassifiers.extract(spec.name(), r.cacheRoot());
    ImageClassifier classifier = ImageClassifier.load(classifierDir);
    try {
      classifier.require(ClassifierNet.IMAGE, ClassifierNet.CLASSES);
      checkTrainedOn(classifier.card(), classifierDir, spec);
      return new Evaluator(spec, r, classifierDir, classifier, log, openedAt);
    } catch (RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  private static void checkTrainedOn(ClassifierCard card, Path dir, DatasetSpec spec) {
    if (card != null && !card.dataset().isEmpty() && !card.dataset().equals(spec.name())) {
      throw new BadInputException(
          "the classifier in "
              + dir
              + " was trained on "
              + card.dataset()
              + ", not "
              + spec.name()
              + "; pass one trained on "
              + spec.name()
              + " or leave --classifier out");
    }
  }

  /**
   * Generates {@code count} images with the generator at {@code model} and compares them with the
   * test images.
   *
   * @param model a run folder, or a generator SavedModel folder (export/, or one outside a run)
   * @param noise "uniform" or "normal"; null: the run's config.json decides (uniform without one).
   *     A SavedModel outside its run folder needs it given, or it is read with uniform noise.
   * @return the report; its seconds are this evaluation's, the first one's including the opening
   */
  public EvaluationReport evaluate(Path model, String noise) throws IOException {
    if (closed) {
      throw new IllegalStateException("the evaluator is closed");
    }
    // The first evaluation's clock starts at the opening: gan evaluate reports its whole time.
    long start = evaluations == 0 ? openedAt : System.nanoTime();
    evaluations++;
    try (GeneratorModel generator = GeneratorModel.load(model, noise)) {
      ImageShape declared = generator.imageShape();
      if (declared != null) {
        Evaluation.checkShape(declared, model, spec);
      }
      Path discriminatorDir = new RunFolder(model).discriminatorExport();
      boolean hasDiscriminator = Files.isRegularFile(discriminatorDir.resolve("saved_model.pb"));
      TestSample test = testSample(start);

      progress(start, "generating %d images with %s (%s noise)", count, model, generator.noise());
      GeneratedImages generated =
          GeneratedImages.generate(
              generator, count, seed, shape -> Evaluation.checkShape(shape, model, spec));
      ImageShape shape = generated.shape();
      boolean cropped = !shape.equals(ImageShape.MNIST);
      ImageClassifier.Outputs fakeOutputs =
          classifier.classify(
              cropped ? Evaluation.crop(generated.pixels(), shape) : generated.pixels(), count);
      progress(start, "comparing the generated images with the test images");
      SetMetrics metrics = test.real().compare(fakeOutputs, Evaluation.kidSeed(seed), pairwise);
      ConditionalMetrics conditional =
          generated.labels() == null
              ? null
              : ConditionalMetrics.compute(
                  generator.classes(),
                  ClassifierNet.CLASSES,
                  fakeOutputs.logits(),
                  RealSet.features(fakeOutputs),
                  generated.labels(),
                  test.real().features(),
                  test.labels());

      EvaluationReport.Discrimination discrimination = null;
      if (hasDiscriminator) {
        try (Discriminator d = Discriminator.load(discriminatorDir)) {
          float[] realForD = cropped ? Evaluation.pad(test.images(), shape) : test.images();
          discrimination =
              new EvaluationReport.Discrimination(
                  discriminatorDir,
                  d.accuracy(realForD, shape, true),
                  d.accuracy(generated.pixels(), shape, false));
        }
      }

      ReferenceRows.Cached rows = referenceRows(start, test);
      ClassifierCard card = classifier.card();
      OptionalDouble accuracy = card != null ? card.testAccuracy() : OptionalDouble.empty();
      return new EvaluationReport(
          model,
          generator.weights(),
          spec.name(),
          count,
          seed,
          generator.noise(),
          classifierDir,
          classifier.sha256(),
          accuracy,
          classifier.featureDim(),
          shape,
          cropped,
          metrics,
          discrimination,
          conditional,
          rows.rows(),
          rows.file(),
          rows.fromCache(),
          (System.nanoTime() - start) / 1e9);
    }
  }

  /** The test sample, read and classified at the first call. */
  private TestSample testSample(long start) {
    if (test == null) {
      ImageDataset set = Datasets.load(spec, data, Split.TEST);
      if (count > set.size()) {
        throw new BadInputException(
            "--count "
                + count
                + " is larger than the "
                + spec.name()
                + " test set ("
                + set.size()
                + " images); pass --count "
                + set.size()
                + " or fewer");
      }
      int[] indices =
          Sampling.withoutReplacement(
              set.size(), count, Evaluation.random(seed, Evaluation.STREAM_TEST));
      float[] images = Evaluation.images(set, indices);
      int[] labels = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        labels[i] = set.label(indices[i]);
      }
      progress(start, "classifying %d %s test images", count, spec.name());
      test =
          new TestSample(images, labels, new RealSet(classifier.classify(images, count), pairwise));
    }
    return test;
  }

  /** The reference rows: from the cache or computed at the first call, then kept. */
  private ReferenceRows.Cached referenceRows(long start, TestSample test) throws IOException {
    if (reference != null) {
      return reference;
    }
    ReferenceRows.Key key = new ReferenceRows.Key(classifier.sha256(), spec.name(), count, seed);
    ReferenceRows.Cached found =
        ReferenceRows.cachedOrCompute(
            key,
            cacheRoot,
            () -> {
              progress(
                  start,
                  "computing the reference rows for %s, %d images, seed %d (cached for later"
                      + " runs)",
                  spec.name(),
                  count,
                  seed);
              ImageDataset train = Datasets.load(spec, data, Split.TRAIN);
              return ReferenceRows.compute(
                  test.real(), test.images(), train, classifier, count, seed, pairwise);
            });
    // Later evaluations reuse the rows as they would reuse the cached file.
    reference = new ReferenceRows.Cached(found.rows(), found.file(), true);
    return found;
  }

  private void progress(long start, String format, Object... args) {
    log.printf("[%5.1f s] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pairwise.close();
      classifier.close();
    }
  }
}
