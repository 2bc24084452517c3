package dev.jgan.classifier;

import dev.jgan.BadInputException;
import dev.jgan.export.ClassifierExporter;
import dev.jgan.export.SavedModelVariables;
import dev.jgan.model.ImageShape;
import dev.jgan.runtime.SessionOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * A classifier SavedModel ({@link ClassifierExporter}'s contract) loaded for inference. Both
 * signatures read the same input, so one Session run fetches logits and features together.
 */
public final class ImageClassifier implements AutoCloseable {
  /** Images per Session run: large enough for good kernel use, small enough for little memory. */
  static final int BATCH = 500;

  private final SavedModelBundle bundle;
  private final Path dir;
  private final String input;
  private final String logits;
  private final String features;
  private final ImageShape image;
  private final int classes;
  private final int featureDim;
  private final ClassifierCard card;
  private final String sha256;

  /** Logits [count, K] and features [count, F], row-major. */
  public record Outputs(int count, float[] logits, float[] features) {}

  private ImageClassifier(
      SavedModelBundle bundle,
      Path dir,
      String input,
      String logits,
      String features,
      ImageShape image,
      int classes,
      int featureDim,
      ClassifierCard card,
      String sha256) {
    this.bundle = bundle;
    this.dir = dir;
    this.input = input;
    this.logits = logits;
    this.features = features;
    this.image = image;
    this.classes = classes;
    this.featureDim = featureDim;
    this.card = card;
    this.sha256 = sha256;
  }

  /**
   * @param dir a SavedModel folder written by {@code gan train-classifier}
   * @throws BadInputException when it is missing or does not follow the contract
   */
  public static ImageClassifier load(Path dir) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new BadInputException(
          "classifier "
              + dir
              + " is not a SavedModel folder (no saved_model.pb); pass a folder written by 'gan"
              + " train-classifier', or leave --classifier out to use the bundled one");
    }
    SavedModelVariables.require(dir, "classifier " + dir);
    String sha = contentHash(dir);
    SavedModelBundle bundle;
    try {
      bundle =
          SavedModelBundle.loader(dir.toString())
              .withTags(ClassifierExporter.TAG)
              .withConfigProto(SessionOptions.processDefault().configProto())
              .load();
    } catch (RuntimeException e) {
      throw new BadInputException(
          "classifier " + dir + " cannot be loaded with tag 'serve' (" + firstLine(e) + ")", e);
    }
    try {
      SignatureDef logitsDef = signature(bundle, dir, ClassifierExporter.LOGITS_SIGNATURE);
      SignatureDef featuresDef = signature(bundle, dir, ClassifierExporter.FEATURES_SIGNATURE);
      TensorInfo in = tensor(logitsDef.getInputsMap(), ClassifierExporter.INPUT, dir);
      TensorInfo inFeatures = tensor(featuresDef.getInputsMap(), ClassifierExporter.INPUT, dir);
      if (!in.getName().equals(inFeatures.getName())) {
        throw new BadInputException(
            "classifier " + dir + ": its two signatures read different inputs; re-export it");
      }
      List<Long> inShape = dims(in.getTensorShape());
      if (inShape.size() != 4 || inShape.subList(1, 4).stream().anyMatch(d -> d < 1)) {
        throw new BadInputException(
            "classifier "
                + dir
                + " takes images of shape "
                + inShape
                + ", not [N, H, W, C]; pass a classifier from 'gan train-classifier'");
      }
      ImageShape image =
          new ImageShape(
              inShape.get(1).intValue(), inShape.get(2).intValue(), inShape.get(3).intValue());
      TensorInfo out = tensor(logitsDef.getOutputsMap(), ClassifierExporter.LOGITS, dir);
      TensorInfo feat = tensor(featuresDef.getOutputsMap(), ClassifierExporter.FEATURES, dir);
      List<Long> logitsShape = dims(out.getTensorShape());
      List<Long> featShape = dims(feat.getTensorShape());
      if (logitsShape.size() != 2
          || logitsShape.get(1) < 2
          || featShape.size() != 2
          || featShape.get(1) < 1) {
        throw new BadInputException(
            "classifier "
                + dir
                + " has outputs logits "
                + logitsShape
                + " and features "
                + featShape
                + ", expected [N, K] and [N, F]; pass a classifier from 'gan train-classifier'");
      }
      return new ImageClassifier(
          bundle,
          dir,
          in.getName(),
          out.getName(),
          feat.getName(),
          image,
          logitsShape.get(1).intValue(),
          featShape.get(1).intValue(),
          ClassifierCard.read(dir),
          sha);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  public Path dir() {
    return dir;
  }

  /** The images it reads: 28x28x1 for the bundled classifiers. */
  public ImageShape image() {
    return image;
  }

  /** K, the width of its logits: 10 for the bundled classifiers, 4 for a folder's rotations. */
  public int classes() {
    return classes;
  }

  /**
   * Refuses a classifier that does not read {@code expected} images into {@code expectedClasses}
   * logits: {@code gan evaluate} on MNIST-like data needs one from 'gan train-classifier'.
   */
  public void require(ImageShape expected, int expectedClasses) {
    if (!image.equals(expected) || classes != expectedClasses) {
      throw new BadInputException(
          "classifier "
              + dir
              + " reads "
              + image
              + " images into "
              + classes
              + " classes, not "
              + expected
              + " into "
              + expectedClasses
              + "; pass a classifier from 'gan train-classifier', or leave --classifier out");
    }
  }

  /** Width F of the feature vectors. */
  public int featureDim() {
    return featureDim;
  }

  /** The card written by {@code gan train-classifier}, or null for a SavedModel without one. */
  public ClassifierCard card() {
    return card;
  }

  /** SHA-256 of the model's files: identifies the classifier in cache keys. */
  public String sha256() {
    return sha256;
  }

  /**
   * Classifies {@code count} images of its shape ({@link #image}), NHWC, in [-1, 1].
   *
   * @param pixels {@code count * image().pixels()} values
   */
  public Outputs classify(float[] pixels, int count) {
    int size = image.pixels();
    if (pixels.length != (long) count * size) {
      throw new IllegalArgumentException(pixels.length + " values are not " + count + " images");
    }
    float[] allLogits = new float[count * classes];
    float[] allFeatures = new float[count * featureDim];
    for (int from = 0; from < count; from += BATCH) {
      int n = Math.min(BATCH, count - from);
      float[] batch = new float[n * size];
      System.arraycopy(pixels, from * size, batch, 0, n * size);
      try (TFloat32 x =
              TFloat32.tensorOf(
                  Shape.of(n, image.height(), image.width(), image.channels()),
                  DataBuffers.of(batch, true, false));
          Result r = bundle.session().runner().feed(input, x).fetch(logits).fetch(features).run()) {
        ((TFloat32) r.get(0))
            .copyTo(DataBuffers.of(allLogits, false, false).slice(from * classes, n * classes));
        ((TFloat32) r.get(1))
            .copyTo(
                DataBuffers.of(allFeatures, false, false)
                    .slice((long) from * featureDim, (long) n * featureDim));
      }
    }
    return new Outputs(count, allLogits, allFeatures);
  }

  @Override
  public void close() {
    bundle.close();
  }

  private static SignatureDef signature(SavedModelBundle bundle, Path dir, String key) {
    SignatureDef def = bundle.metaGraphDef().getSignatureDefMap().get(key);
    if (def == null) {
      throw new BadInputException(
          "classifier "
              + dir
              + " has no '"
              + key
              + "' signature (it has "
              + bundle.metaGraphDef().getSignatureDefMap().keySet()
              + "); pass a classifier from 'gan train-classifier'");
    }
    return def;
  }

  private static TensorInfo tensor(Map<String, TensorInfo> map, String name, Path dir) {
    TensorInfo info = map.get(name);
    if (info == null) {
      throw new BadInputException(
          "classifier "
              + dir
              + " has no tensor '"
              + name
              + "' in its signatures ("
              + map.keySet()
              + "); pass a classifier from 'gan train-classifier'");
    }
    return info;
  }

  private static List<Long> dims(TensorShapeProto shape) {
    return shape.getDimList().stream().map(TensorShapeProto.Dim::getSize).toList();
  }

  /** SHA-256 over the model's files (names and bytes, in sorted order), the card excluded. */
  static String contentHash(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file :
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals(ClassifierCard.FILE))
              .sorted()
              .toList()) {
        digest.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new BadInputException("cannot read classifier " + dir + " (" + e.getMessage() + ")", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
