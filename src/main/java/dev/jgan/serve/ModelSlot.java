package dev.jgan.serve;

import dev.jgan.api.Generator;
import dev.jgan.api.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator being served, swapped for a newer export of the same folder without failing a
 * request: the old generator is closed only after its calls in flight end ({@link
 * Generator#close()} waits for them), and a call that reached it after the swap runs again on the
 * new one.
 */
final class ModelSlot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelSlot.class);

  /** One loaded export: its generator, the version the REST API reports and its files' stamp. */
  record Loaded(Generator generator, long version, String stamp) {}

  private final Path model;
  private final AtomicReference<Loaded> current = new AtomicReference<>();

  ModelSlot(Path model) {
    this.model = model;
    String stamp = stamp(savedModelDir(model));
    current.set(new Loaded(Generator.open(model), versionOf(stamp, 0), stamp));
  }

  Loaded current() {
    return current.get();
  }

  /** Runs a batch on the current generator, again on its successor if it was swapped meanwhile. */
  Images generate(float[] z, int[] labels, int count) {
    while (true) {
      Loaded loaded = current.get();
      try {
        return loaded.generator().generate(z, labels, count);
      } catch (IllegalStateException closed) {
        if (current.get() == loaded) {
          throw closed;
        }
      }
    }
  }

  /** The images of a seed (and a class), as {@code gan generate --seed} makes them. */
  Images generate(long seed, int count, Integer label) {
    while (true) {
      Loaded loaded = current.get();
      try {
        Generator g = loaded.generator();
        return label == null ? g.generate(seed, count) : g.generate(seed, count, label);
      } catch (IllegalStateException closed) {
        if (current.get() == loaded) {
          throw closed;
        }
      }
    }
  }

  /**
   * Loads the folder again when its files changed since the last load and switches to it. A folder
   * being replaced (missing, half there) is left for the next look.
   *
   * @return whether a new export is now served
   */
  boolean reloadIfChanged() {
    Loaded old = current.get();
    String stamp = stamp(savedModelDir(model));
    if (stamp == null || stamp.equals(old.stamp())) {
      return false;
    }
    Generator fresh;
    try {
      fresh = Generator.open(model);
    } catch (RuntimeException e) {
      log.warn(
          "{} changed but does not load yet ({}); still serving version {}",
          model,
          e.getMessage(),
          old.version());
      return false;
    }
    Loaded next = new Loaded(fresh, versionOf(stamp, old.version()), stamp);
    current.set(next);
    old.generator().close(); // waits for the batches running on it
    log.info("serving the new export of {} as version {}", model, next.version());
    return true;
  }

  @Override
  public void close() {
    current.get().generator().close();
  }

  /** The SavedModel folder a run folder or export folder stands for. */
  static Path savedModelDir(Path model) {
    Path export = model.resolve("export");
    return Files.isRegularFile(export.resolve("saved_model.pb")) ? export : model;
  }

  /**
   * What changes when an export is rewritten: the times and sizes of its graph and of its
   * variables' index; null while the folder is incomplete.
   */
  static String stamp(Path savedModel) {
    try {
      Path graph = savedModel.resolve("saved_model.pb");
      Path index = savedModel.resolve("variables/variables.index");
      return Files.getLastModifiedTime(graph).toMillis()
          + ":"
          + Files.size(graph)
          + ":"
          + Files.getLastModifiedTime(index).toMillis()
          + ":"
          + Files.size(index);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A version number like TensorFlow Serving's timestamped version folders: the export's time in
   * seconds, and always above the version it replaces.
   */
  private static long versionOf(String stamp, long previous) {
    long seconds =
        stamp == null ? 1 : Long.parseLong(stamp.substring(0, stamp.indexOf(':'))) / 1000;
    return Math.max(seconds, previous + 1);
  }
}
