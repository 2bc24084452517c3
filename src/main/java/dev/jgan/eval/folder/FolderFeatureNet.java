package dev.jgan.eval.folder;

import dev.jgan.FileTrees;
import dev.jgan.classifier.ClassifierTraining;
import dev.jgan.classifier.ImageClassifier;
import dev.jgan.data.ImageDataset;
import dev.jgan.model.ClassifierNet;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An image folder's feature network: {@link ClassifierNet#rotations} trained on the folder's own
 * images ({@link RotationTask}) by the same code as the bundled classifiers, and cached in {@code
 * <cache>/folder-features/<key>/} under a hash of its training images and recipe, so that it is
 * trained once per folder (about a minute for a few hundred images on 2 cores) and every later
 * evaluation of a run on that folder uses the same one.
 */
final class FolderFeatureNet {
  /** Bump when the recipe changes: a new key, a new network. */
  static final int VERSION = 1;

  static final String FOLDER = "folder-features";

  /** Images the training shows, whatever the folder's size: ~50 s on 2 cores at 32x32x3. */
  static final int TRAINING_IMAGES = 48_000;

  /**
   * A smaller training budget, for tests only: end-to-end tests of {@code gan evaluate} would
   * otherwise spend most of their time training the network. The budget is part of the cache key,
   * so a network trained on a test budget is never found by a real evaluation.
   */
  static final String TRAINING_IMAGES_PROPERTY = "jgan.test.folder-feature-images";

  /** Epochs for a tiny folder: more would only memorise it. */
  static final int MAX_EPOCHS = 30;

  private FolderFeatureNet() {}

  /**
   * The feature network for these images, from the cache or trained now.
   *
   * @param rest the images it is trained on (feature size, HWC bytes)
   * @param heldOut the images its rotation accuracy is measured on
   */
  static ImageClassifier openOrTrain(
      byte[] rest, byte[] heldOut, ImageShape shape, Path cacheRoot, PrintStream log)
      throws IOException {
    return openOrTrain(rest, heldOut, shape, cacheRoot, trainingImages(), log);
  }

  /** {@link #openOrTrain} with a training budget of its own (tests). */
  static ImageClassifier openOrTrain(
      byte[] rest,
      byte[] heldOut,
      ImageShape shape,
      Path cacheRoot,
      int trainingImages,
      PrintStream log)
      throws IOException {
    ClassifierNet net = ClassifierNet.rotations(shape);
    Path dir = cacheRoot.resolve(FOLDER).resolve(key(net, trainingImages, rest, heldOut));
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      train(net, trainingImages, rest, heldOut, shape, dir, log);
    }
    return ImageClassifier.load(dir);
  }

  /** {@link #TRAINING_IMAGES}, unless a test set {@link #TRAINING_IMAGES_PROPERTY}. */
  static int trainingImages() {
    return Integer.getInteger(TRAINING_IMAGES_PROPERTY, TRAINING_IMAGES);
  }

  private static void train(
      ClassifierNet net,
      int trainingImages,
      byte[] rest,
      byte[] heldOut,
      ImageShape shape,
      Path dir,
      PrintStream log)
      throws IOException {
    ImageDataset train = RotationTask.of("folder rotations", rest, shape, true);
    ImageDataset test = RotationTask.of("held-out rotations", heldOut, shape, false);
    int epochs =
        Math.max(1, Math.min(MAX_EPOCHS, (trainingImages + train.size() - 1) / train.size()));
    log.printf(
        "training the folder's feature network (rotation prediction, once; cached in %s)%n",
        dir.getParent());
    Files.createDirectories(dir.getParent());
    // Trained into a fresh folder beside its place and moved there whole, so that an interrupted
    // training leaves no half-written network to be found by the next evaluation.
    Path staging = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + "-");
    try {
      Path out = staging.resolve("net");
      ClassifierTraining.train(
          new ClassifierTraining.Request(
              "folder",
              Optional.empty(),
              net,
              epochs,
              ClassifierTraining.BATCH_SIZE,
              0,
              ClassifierTraining.SEED,
              out,
              "gan evaluate (a folder run's feature network, trained on first use)"),
          train,
          test,
          log);
      install(out, dir);
    } finally {
      FileTrees.deleteRecursively(staging);
    }
  }

  /** Moves a trained network to its place, unless another evaluation put the same one there. */
  static void install(Path trained, Path dir) throws IOException {
    try {
      Files.move(trained, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another evaluation trained the same network meanwhile: keep its copy. (Linux refuses to
      // rename onto a non-empty folder with ENOTEMPTY, a plain FileSystemException, not
      // FileAlreadyExistsException; whatever the failure, a network in place is a whole one, as
      // it was moved there whole.)
      if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
        throw e;
      }
    }
  }

  /** SHA-256 of the recipe and of every training and held-out image byte, 32 hex digits. */
  static String key(ClassifierNet net, int trainingImages, byte[] rest, byte[] heldOut) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(
          ("jgan folder features v" + VERSION + "\n" + net + "\n" + trainingImages + "\n")
              .getBytes(StandardCharsets.UTF_8));
      digest.update(rest);
      digest.update((byte) 0);
      digest.update(heldOut);
      return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }
}
