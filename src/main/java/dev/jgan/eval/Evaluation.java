package dev.jgan.eval;

import dev.jgan.BadInputException;
import dev.jgan.config.TrainConfig;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.ImageDataset;
import dev.jgan.data.TrainingData;
import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import dev.jgan.random.Seeds;
import dev.jgan.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code gan evaluate}: generates {@code count} images with a trained generator and compares them
 * with as many test images of its data set in the feature space of a classifier trained on that
 * data set (FID, KID, precision and recall), and through the classifier's predictions (classifier
 * score, class histogram and its entropy). Reference rows ({@link ReferenceRows}) put the numbers
 * on a scale; a run's exported discriminator, when there is one, is scored on both sets too.
 *
 * <p>This class holds the request, its checks and the image helpers; an {@link Evaluator} does the
 * work, the same one that {@code gan train --eval-every} keeps open for a whole run.
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

  /**
   * Evaluates {@code r.model()} with a fresh {@link Evaluator}: the whole of {@code gan evaluate}.
   *
   * @param log progress lines
   */
  public static EvaluationReport run(Request r, PrintStream log) throws IOException {
    if (!Files.exists(r.model())) {
      throw new BadInputException(
          "--model "
              + r.model()
              + " does not exist; pass a run folder from 'gan train' or its export/ folder");
    }
    try (Evaluator evaluator = Evaluator.open(r, log)) {
      return evaluator.evaluate(r.model(), null);
    }
  }

  /**
   * Whether {@code r} evaluates a run on an image folder: --dataset folder, or no --dataset and a
   * run whose config.json names the folder data set.
   */
  public static boolean isFolder(Request r) {
    String dataset =
        r.dataset() != null ? r.dataset() : runConfig(r).map(TrainConfig::dataset).orElse(null);
    return TrainingData.FOLDER.equals(dataset);
  }

  /** Refuses a count outside {@link #MIN_COUNT}..{@link #MAX_COUNT}. */
  public static void checkCount(int count) {
    if (count < MIN_COUNT || count > MAX_COUNT) {
      throw new BadInputException(
          "--count "
              + count
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
  }

  /**
   * Where the data set's files are: --data, else the --data the run was trained with (its
   * config.json) when it trained on this data set and the path still exists, else empty (the cache
   * and the download).
   */
  static Optional<Path> data(Request r, String dataset) {
    if (r.data().isPresent()) {
      return r.data();
    }
    return runConfig(r)
        .filter(config -> dataset.equals(config.dataset()) && config.data() != null)
        .map(config -> Path.of(config.data()))
        .filter(Files::exists);
  }

  /** The config.json of the run {@code r.model()} belongs to, if it belongs to one. */
  private static Optional<TrainConfig> runConfig(Request r) {
    return Optional.ofNullable(r.model())
        .flatMap(RunFolder::containing)
        .flatMap(RunFolder::readConfig);
  }

  /** The data set: --dataset, else the config.json of the run {@code r.model()} belongs to. */
  static String dataset(Request r, PrintStream log) {
    String fromRun = runConfig(r).map(TrainConfig::dataset).orElse(null);
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
              + "'; evaluate has classifiers for mnist and fashion-mnist, and a feature network"
              + " of its own for image folders (--dataset folder)");
    }
    return fromRun;
  }

  static Path checkedClassifier(Path dir) {
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

  public static String describe(ImageShape s) {
    return s.height() + "x" + s.width() + "x" + s.channels();
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

  public static long kidSeed(long seed) {
    return Seeds.mix(seed, 0, STREAM_KID);
  }

  public static SplittableRandom random(long seed, int stream) {
    return Seeds.random(seed, 0, stream);
  }
}
