package dev.jgan.eval;

import dev.jgan.BadInputException;
import dev.jgan.classifier.BundledClassifiers;
import dev.jgan.classifier.ClassifierCard;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.Datasets;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.Split;
import dev.jgan.generate.GeneratorModel;
import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import dev.jgan.random.Latents;
import dev.jgan.random.Seeds;
import dev.jgan.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * {@code gan evaluate}: generates {@code count} images with a trained generator and compares them
 * with as many test images of its data set in the feature space of a classifier trained on that
 * data set (FID, KID, precision and recall), and through the classifier's predictions (classifier
 * score, class histogram and its entropy). Reference rows ({@link ReferenceRows}) put the numbers
 * on a scale; a run's exported discriminator, when there is one, is scored on both sets too.
 */
public final class Evaluation {
  /** Both MNIST and Fashion-MNIST hold 10,000 test images. */
  public static final int MAX_COUNT = 10_000;

  /** Fewer images make every number noise (and precision/recall need more than k + 1). */
  public static final int MIN_COUNT = 10;

  /** Latent vectors per generator run. */
  static final int GENERATE_BATCH = 250;

  /** Images that MNIST-like generators make besides 28x28x1: dcgan-bn's padded 32x32x1. */
  public static final ImageShape PADDED_MNIST = new ImageShape(32, 32, 1);

  /** Random streams derived from the seed, one per use (see {@link Seeds}). */
  static final int STREAM_TEST = Seeds.EVAL_TEST;

  static final int STREAM_TRAIN = Seeds.EVAL_TRAIN;
  static final int STREAM_NOISE_IMAGES = Seeds.EVAL_NOISE_IMAGES;
  static final int STREAM_KID = Seeds.EVAL_KID;

  /**
   * @param dataset null: the run's config.json decides
   * @param classifier null: the classifier bundled for the data set
   * @param cacheRoot where bundled classifiers are extracted and reference rows cached
   */
  public record Request(
      Path model,
      String dataset,
      Optional<Path> data,
      int count,
      long seed,
      Path classifier,
      Path cacheRoot) {}

  private Evaluation() {}

  public static EvaluationReport run(Request r, PrintStream log) throws IOException {
    long start = System.nanoTime();
    if (r.count() < MIN_COUNT || r.count() > MAX_COUNT) {
      throw new BadInputException(
          "--count "
              + r.count()
              + " is outside "
              + MIN_COUNT
              + ".."
              + MAX_COUNT
              + ": the generated images are compared with as many test images, and the test set"
              + " holds "
              + MAX_COUNT
              + "; pass --count "
              + MAX_COUNT
              + " (the default) or fewer");
    }
    if (!Files.exists(r.model())) {
      throw new BadInputException(
          "--model "
              + r.model()
              + " does not exist; pass a run folder from 'gan train' or its export/ folder");
    }
    DatasetSpec spec = DatasetSpec.byName(dataset(r, log));
    Path classifierDir =
        r.classifier() != null
            ? checkedClassifier(r.classifier())
            : BundledClassifiers.extract(spec.name(), r.cacheRoot());
    try (ImageClassifier classifier = ImageClassifier.load(classifierDir);
        GeneratorModel generator = GeneratorModel.load(r.model(), null);
        Pairwise pairwise = new Pairwise()) {
      ClassifierCard card = classifier.card();
      if (card != null && !card.dataset().isEmpty() && !card.dataset().equals(spec.name())) {
        throw new BadInputException(
            "the classifier in "
                + classifierDir
                + " was trained on "
                + card.dataset()
                + ", not "
                + spec.name()
                + "; pass one trained on "
                + spec.name()
                + " or leave --classifier out");
      }
      ImageShape shape = generator.imageShape();
      if (shape != null) {
        checkShape(shape, r.model(), spec);
      }
      Path discriminatorDir = new RunFolder(r.model()).discriminatorExport();
      boolean hasDiscriminator = Files.isRegularFile(discriminatorDir.resolve("saved_model.pb"));

      ImageDataset test = Datasets.load(spec, r.data(), Split.TEST);
      if (r.count() > test.size()) {
        throw new BadInputException(
            "--count "
                + r.count()
                + " is larger than the "
                + spec.name()
                + " test set ("
                + test.size()
                + " images); pass --count "
                + test.size()
                + " or fewer");
      }
      int[] testIndices =
          Sampling.withoutReplacement(test.size(), r.count(), random(r.seed(), STREAM_TEST));
      float[] testImages = images(test, testIndices);
      progress(log, start, "classifying %d %s test images", r.count(), spec.name());
      RealSet real = new RealSet(classifier.classify(testImages, r.count()), pairwise);

      progress(
          log,
          start,
          "generating %d images with %s (%s noise)",
          r.count(),
          r.model(),
          generator.noise());
      Generated generated = generate(generator, r, spec);
      shape = generated.shape();
      boolean cropped = !shape.equals(ImageShape.MNIST);
      ImageClassifier.Outputs fakeOutputs =
          classifier.classify(
              cropped ? crop(generated.pixels(), shape) : generated.pixels(), r.count());
      progress(log, start, "comparing the generated images with the test images");
      SetMetrics metrics = real.compare(fakeOutputs, kidSeed(r.seed()), pairwise);
      ConditionalMetrics conditional = null;
      if (generated.labels() != null) {
        int[] testLabels = new int[testIndices.length];
        for (int i = 0; i < testIndices.length; i++) {
          testLabels[i] = test.label(testIndices[i]);
        }
        conditional =
            ConditionalMetrics.compute(
                generator.classes(),
                ClassifierNet.CLASSES,
                fakeOutputs.logits(),
                RealSet.features(fakeOutputs),
                generated.labels(),
                real.features(),
                testLabels);
      }

      EvaluationReport.Discrimination discrimination = null;
      if (hasDiscriminator) {
        try (Discriminator d = Discriminator.load(discriminatorDir)) {
          float[] realForD = cropped ? pad(testImages, shape) : testImages;
          discrimination =
              new EvaluationReport.Discrimination(
                  discriminatorDir,
                  d.accuracy(realForD, shape, true),
                  d.accuracy(generated.pixels(), shape, false));
        }
      }

      ReferenceRows.Key key =
          new ReferenceRows.Key(classifier.sha256(), spec.name(), r.count(), r.seed());
      ReferenceRows.Cached reference =
          ReferenceRows.cachedOrCompute(
              key,
              r.cacheRoot(),
              () -> {
                progress(
                    log,
                    start,
                    "computing the reference rows for %s, %d images, seed %d (cached for later"
                        + " runs)",
                    spec.name(),
                    r.count(),
                    r.seed());
                ImageDataset train = Datasets.load(spec, r.data(), Split.TRAIN);
                return ReferenceRows.compute(
                    real, testImages, train, classifier, r.count(), r.seed(), pairwise);
              });

      OptionalDouble accuracy = card != null ? card.testAccuracy() : OptionalDouble.empty();
      return new EvaluationReport(
          r.model(),
          generator.weights(),
          spec.name(),
          r.count(),
          r.seed(),
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
          reference.rows(),
          reference.file(),
          reference.fromCache(),
          (System.nanoTime() - start) / 1e9);
    }
  }

  private static void progress(PrintStream log, long start, String format, Object... args) {
    log.printf("[%5.1f s] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
  }

  /** The data set: --dataset, else the run's config.json. */
  private static String dataset(Request r, PrintStream log) {
    String fromRun =
        RunFolder.containing(r.model())
            .flatMap(RunFolder::readConfig)
            .map(TrainConfig::dataset)
            .orElse(null);
    if (r.dataset() != null) {
      if (fromRun != null && !fromRun.equals(r.dataset())) {
        log.printf(
            "warning: %s was trained on %s; evaluating it against %s as asked%n",
            r.model(), fromRun, r.dataset());
      }
      return r.dataset();
    }
    if (fromRun == null) {
      throw new BadInputException(
          "--dataset is needed: "
              + r.model()
              + " has no config.json that names its data set; pass --dataset mnist or --dataset"
              + " fashion-mnist");
    }
    String trainedOn = fromRun;
    if (DatasetSpec.known().stream().noneMatch(s -> s.name().equals(trainedOn))) {
      throw new BadInputException(
          r.model()
              + " was trained on '"
              + fromRun
              + "'; evaluate needs a classifier for it, and there are only mnist and"
              + " fashion-mnist ones");
    }
    return fromRun;
  }

  private static Path checkedClassifier(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(
          "--classifier "
              + dir
              + " does not exist; pass a folder written by 'gan train-classifier', or leave"
              + " --classifier out to use the bundled one");
    }
    return dir;
  }

  /** 28x28x1 as is; 32x32x1 (dcgan-bn's padded MNIST) is cropped; anything else is refused. */
  static void checkShape(ImageShape shape, Path model, DatasetSpec spec) {
    if (shape.equals(ImageShape.MNIST) || shape.equals(PADDED_MNIST)) {
      return;
    }
    throw new BadInputException(
        "--model "
            + model
            + " makes "
            + describe(shape)
            + " images, but the "
            + spec.name()
            + " classifier takes 28x28x1 (and 32x32x1 from dcgan-bn on padded MNIST-like data,"
            + " whose 2-pixel border is cropped off); evaluate a model trained on "
            + spec.name());
  }

  static String describe(ImageShape s) {
    return s.height() + "x" + s.width() + "x" + s.channels();
  }

  /**
   * @param labels the label asked for each image (i % K), null for an unconditional generator
   */
  private record Generated(float[] pixels, ImageShape shape, int[] labels) {}

  private static Generated generate(GeneratorModel generator, Request r, DatasetSpec spec) {
    Latents latents =
        Latents.random(r.seed(), generator.latentDim(), generator.noise().equals("normal"));
    int classes = generator.classes();
    int[] labels = classes > 0 ? ConditionalMetrics.cyclingLabels(r.count(), classes) : null;
    float[] pixels = null;
    ImageShape shape = null;
    for (int from = 0; from < r.count(); from += GENERATE_BATCH) {
      int n = Math.min(GENERATE_BATCH, r.count() - from);
      // The same vectors as 'gan generate --seed S': image i here is its image i.
      float[] z = latents.batch(from, n);
      float[] batch =
          labels == null
              ? generator.generate(z, n)
              : generator.generate(z, Arrays.copyOfRange(labels, from, from + n), n);
      if (shape == null) {
        shape = generator.imageShape();
        checkShape(shape, r.model(), spec);
        pixels = new float[Math.multiplyExact(r.count(), shape.pixels())];
      }
      System.arraycopy(batch, 0, pixels, from * shape.pixels(), batch.length);
    }
    return new Generated(pixels, shape, labels);
  }

  /** The images at {@code indices}, NHWC in [-1, 1]. */
  static float[] images(ImageDataset data, int[] indices) {
    int size = data.imageSize();
    float[] out = new float[Math.multiplyExact(indices.length, size)];
    for (int i = 0; i < indices.length; i++) {
      data.copyImage(indices[i], out, i * size);
    }
    return out;
  }

  /** The centred 28x28 of each (single-channel) image: dcgan-bn's 2-pixel border cut off. */
  public static float[] crop(float[] pixels, ImageShape from) {
    ImageShape to = ClassifierNet.IMAGE;
    int count = pixels.length / from.pixels();
    int top = (from.height() - to.height()) / 2;
    int left = (from.width() - to.width()) / 2;
    float[] out = new float[count * to.pixels()];
    for (int i = 0; i < count; i++) {
      for (int y = 0; y < to.height(); y++) {
        System.arraycopy(
            pixels,
            i * from.pixels() + (top + y) * from.width() + left,
            out,
            i * to.pixels() + y * to.width(),
            to.width());
      }
    }
    return out;
  }

  /** The inverse of {@link #crop}: 28x28 images centred on a background (-1) field. */
  static float[] pad(float[] pixels, ImageShape to) {
    ImageShape from = ClassifierNet.IMAGE;
    int count = pixels.length / from.pixels();
    int top = (to.height() - from.height()) / 2;
    int left = (to.width() - from.width()) / 2;
    float[] out = new float[count * to.pixels()];
    Arrays.fill(out, -1f);
    for (int i = 0; i < count; i++) {
      for (int y = 0; y < from.height(); y++) {
        System.arraycopy(
            pixels,
            i * from.pixels() + y * from.width(),
            out,
            i * to.pixels() + (top + y) * to.width() + left,
            from.width());
      }
    }
    return out;
  }

  static long kidSeed(long seed) {
    return Seeds.mix(seed, 0, STREAM_KID);
  }

  static SplittableRandom random(long seed, int stream) {
    return Seeds.random(seed, 0, stream);
  }
}
