package dev.jgan.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.FileTrees;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.config.ConfigResolver;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.ClassifierNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows that put a generator's numbers on a scale, each compared with the same test images:
 *
 * <ul>
 *   <li>{@code train vs test}: real training images, the best a generator can do (the floor of FID
 *       and KID at this count, and the precision and recall of real data);
 *   <li>{@code uniform noise}: images of independent U[-1, 1] pixels, a generator that learned
 *       nothing;
 *   <li>{@code one test image x N}: one test image repeated, a total mode collapse (precision 1,
 *       recall about 0, class entropy 0).
 * </ul>
 *
 * They depend only on the classifier, the data set, the count and the seed, so they are computed
 * once and cached in {@code <cache>/eval-reference/}.
 */
public final class ReferenceRows {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceRows.class);

  /**
   * Bump when the metrics change, so that old cached rows are not reused. 2: precision, recall,
   * density and coverage on feature directions.
   */
  static final int VERSION = 2;

  static final String FOLDER = "eval-reference";

  /** What the rows depend on. */
  public record Key(String classifierSha256, String dataset, int count, long seed) {
    String fileName() {
      return String.format(
          "%s-n%d-seed%d-%s-v%d.json",
          dataset, count, seed, classifierSha256.substring(0, 16), VERSION);
    }
  }

  public record Rows(SetMetrics trainVsTest, SetMetrics uniformNoise, SetMetrics oneImage) {}

  /** The rows, where they are cached and whether they came from there. */
  public record Cached(Rows rows, Path file, boolean fromCache) {}

  @FunctionalInterface
  public interface Computation {
    Rows compute() throws IOException;
  }

  private ReferenceRows() {}

  /** The cached rows of {@code key}, or computes and caches them (a write failure only warns). */
  public static Cached cachedOrCompute(Key key, Path cacheRoot, Computation computation)
      throws IOException {
    Path file = cacheRoot.resolve(FOLDER).resolve(key.fileName());
    Rows cached = read(file, key);
    if (cached != null) {
      return new Cached(cached, file, true);
    }
    Rows rows = computation.compute();
    try {
      write(file, key, rows);
    } catch (IOException e) {
      LOG.warn("cannot cache the reference rows in {}: {}", file, e.getMessage());
    }
    return new Cached(rows, file, false);
  }

  /** Computes the three rows against {@code real} (the test images {@code testImages}). */
  static Rows compute(
      RealSet real,
      float[] testImages,
      ImageDataset train,
      ImageClassifier classifier,
      int count,
      long seed,
      Pairwise pairwise) {
    long kidSeed = Evaluation.kidSeed(seed);
    int[] trainIndices =
        Sampling.withoutReplacement(
            train.size(), count, Evaluation.random(seed, Evaluation.STREAM_TRAIN));
    SetMetrics trainVsTest =
        real.compare(
            classifier.classify(Evaluation.images(train, trainIndices), count), kidSeed, pairwise);

    SplittableRandom random = Evaluation.random(seed, Evaluation.STREAM_NOISE_IMAGES);
    float[] noise = new float[count * ClassifierNet.IMAGE.pixels()];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (random.nextDouble() * 2 - 1);
    }
    SetMetrics uniformNoise = real.compare(classifier.classify(noise, count), kidSeed, pairwise);

    // The first of the selected test images, N times: classified once, its outputs repeated.
    float[] first = new float[ClassifierNet.IMAGE.pixels()];
    System.arraycopy(testImages, 0, first, 0, first.length);
    SetMetrics oneImage =
        real.compare(repeated(classifier.classify(first, 1), count), kidSeed, pairwise);
    return new Rows(trainVsTest, uniformNoise, oneImage);
  }

  /** One image's outputs {@code count} times: a generator that makes only that image. */
  public static ImageClassifier.Outputs repeated(ImageClassifier.Outputs one, int count) {
    return new ImageClassifier.Outputs(
        count, repeat(one.logits(), count), repeat(one.features(), count));
  }

  private static float[] repeat(float[] row, int times) {
    float[] out = new float[row.length * times];
    for (int t = 0; t < times; t++) {
      System.arraycopy(row, 0, out, t * row.length, row.length);
    }
    return out;
  }

  private static Rows read(Path file, Key key) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode json = ConfigResolver.JSON.readTree(file.toFile());
      JsonNode k = json.path("key");
      if (!k.path("classifier_sha256").asText().equals(key.classifierSha256())
          || !k.path("dataset").asText().equals(key.dataset())
          || k.path("count").asInt() != key.count()
          || k.path("seed").asLong() != key.seed()) {
        return null;
      }
      JsonNode rows = json.path("rows");
      return new Rows(
          SetMetrics.fromJson(rows.get("train_vs_test")),
          SetMetrics.fromJson(rows.get("uniform_noise")),
          SetMetrics.fromJson(rows.get("one_image")));
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring the unreadable cached reference rows {}: {}", file, e.getMessage());
      return null;
    }
  }

  private static void write(Path file, Key key, Rows rows) throws IOException {
    ObjectNode json = ConfigResolver.JSON.createObjectNode();
    ObjectNode k = json.putObject("key");
    k.put("classifier_sha256", key.classifierSha256());
    k.put("dataset", key.dataset());
    k.put("count", key.count());
    k.put("seed", key.seed());
    k.put("version", VERSION);
    json.set("rows", toJson(rows));
    FileTrees.writeFile(
        file,
        temp ->
            ConfigResolver.JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), json));
  }

  static ObjectNode toJson(Rows rows) {
    ObjectNode json = ConfigResolver.JSON.createObjectNode();
    json.set("train_vs_test", rows.trainVsTest().toJson());
    json.set("uniform_noise", rows.uniformNoise().toJson());
    json.set("one_image", rows.oneImage().toJson());
    return json;
  }
}
