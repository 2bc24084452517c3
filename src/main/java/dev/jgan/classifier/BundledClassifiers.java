package dev.jgan.classifier;

import dev.jgan.BadInputException;
import dev.jgan.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classifiers shipped in {@code models/classifiers/<dataset>/}, bundled into the jar as
 * resources ({@code classifiers/<dataset>/...}) so that {@code gan evaluate} works from any folder
 * and in the Docker image. TensorFlow loads SavedModels from disk only, so the files are extracted
 * once into {@code <cache>/classifiers/<dataset>-<hash>/} (the hash of their content: a new build
 * with a retrained classifier gets a new folder) and loaded from there.
 */
public final class BundledClassifiers {
  static final String RESOURCE_ROOT = "/classifiers/";

  /** The files of a classifier SavedModel, as written by {@link ClassifierTraining}. */
  static final List<String> FILES =
      List.of(
          "saved_model.pb",
          "variables/variables.index",
          "variables/variables.data-00000-of-00001",
          ClassifierCard.FILE);

  private BundledClassifiers() {}

  /** Whether this build bundles a classifier for {@code dataset}. */
  public static boolean has(String dataset) {
    return BundledClassifiers.class.getResource(resource(dataset, FILES.get(0))) != null;
  }

  /**
   * The folder of the bundled classifier of {@code dataset}, extracted under {@code cacheRoot} on
   * first use.
   *
   * @throws BadInputException when this build bundles none for {@code dataset}
   */
  public static Path extract(String dataset, Path cacheRoot) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : FILES) {
      byte[] bytes = read(resource(dataset, name));
      if (bytes == null) {
        throw new BadInputException(
            "no classifier for "
                + dataset
                + " is bundled in this build (missing resource "
                + resource(dataset, name)
                + "); train one with 'gan train-classifier --dataset "
                + dataset
                + " --out DIR' and pass --classifier DIR");
      }
      files.put(name, bytes);
    }
    Path target = cacheRoot.resolve("classifiers").resolve(dataset + "-" + hash(files));
    if (Files.isRegularFile(target.resolve(FILES.get(0)))) {
      return target; // written whole by an earlier run (writeFolder renames it into place)
    }
    try {
      FileTrees.writeFolder(
          target,
          staging -> {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
              Path file = staging.resolve(f.getKey());
              Files.createDirectories(file.getParent());
              Files.write(file, f.getValue());
            }
          });
    } catch (IOException e) {
      throw new BadInputException(
          "cannot extract the bundled "
              + dataset
              + " classifier to "
              + target
              + " ("
              + e.getMessage()
              + "); make the cache writable (JGAN_CACHE) or pass --classifier DIR",
          e);
    }
    return target;
  }

  private static String resource(String dataset, String file) {
    return RESOURCE_ROOT + dataset + "/" + file;
  }

  private static byte[] read(String resource) {
    try (InputStream in = BundledClassifiers.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        digest.update(f.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update(f.getValue());
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
