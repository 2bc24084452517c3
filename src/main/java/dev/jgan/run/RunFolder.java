package dev.jgan.run;

import dev.jgan.BadInputException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.RunSettings;
import dev.jgan.config.TrainConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The layout of a run's output folder. {@link #check} validates the location before anything is
 * trained or written, so bad input never leaves a half-made folder behind.
 */
public record RunFolder(Path root) {
  /** Every effective setting of the run; a valid {@code --config} that reproduces it. */
  public static final String CONFIG = "config.json";

  /** The generator as a SavedModel. */
  public static final String EXPORT = "export";

  /** The discriminator as a SavedModel ({@code --export-discriminator}). */
  public static final String DISCRIMINATOR_EXPORT = "export-discriminator";

  /** Locked while the run trains; holds the trainer's pid ({@link RunLock}). */
  public static final String LOCK = "train.lock";

  /** The full stack trace of an unexpected failure of a command on this run. */
  public static final String ERROR_LOG = "error.log";

  public Path config() {
    return root.resolve(CONFIG);
  }

  /**
   * The run's settings: its config.json over the defaults, validated, as {@code --config} reads it;
   * empty when the folder has no config.json (a bare SavedModel folder, say).
   *
   * @throws BadInputException when config.json is not valid JSON or holds a bad setting
   */
  public Optional<TrainConfig> readConfig() {
    if (!Files.isRegularFile(config())) {
      return Optional.empty();
    }
    return Optional.of(
        new ConfigResolver().file(config()).unsetAs(BEFORE_THEIR_SETTINGS).resolve());
  }

  /**
   * The settings added after runs were saved, at the value that the runs trained with: a key
   * missing from config.json keeps the run as it was trained, whatever the setting's default became
   * since (augment's is still none).
   */
  private static final java.util.Map<String, Object> BEFORE_THEIR_SETTINGS =
      java.util.Map.of(RunSettings.AUGMENT.key(), java.util.List.of());

  /**
   * The run a folder belongs to: the folder itself when it holds config.json, else the run whose
   * export it is (export/, export-raw/, export-best/: a SavedModel folder inside a run folder).
   */
  public static Optional<RunFolder> containing(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    for (Path candidate : new Path[] {absolute, absolute.getParent()}) {
      if (candidate != null && Files.isRegularFile(candidate.resolve(CONFIG))) {
        return Optional.of(new RunFolder(candidate));
      }
    }
    return Optional.empty();
  }

  /** Writes {@code settings} as the run's config.json. */
  public void writeConfig(TrainConfig settings) throws IOException {
    ConfigResolver.JSON.writeValue(config().toFile(), settings);
  }

  public Path lock() {
    return root.resolve(LOCK);
  }

  public Path metrics() {
    return root.resolve("metrics.jsonl");
  }

  public Path samples() {
    return root.resolve("samples");
  }

  /** TensorBoard event files: {@code tensorboard --logdir runs/} finds every run's. */
  public Path tensorboard() {
    return root.resolve("tensorboard");
  }

  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  /** The generator as a SavedModel: the EMA generator when the run has one. */
  public Path export() {
    return root.resolve(EXPORT);
  }

  /** G's raw (not averaged) weights ({@code --export-raw-generator}). */
  public Path rawExport() {
    return root.resolve("export-raw");
  }

  /** The generator export with the lowest FID of the run's evaluations ({@code --eval-every}). */
  public Path exportBest() {
    return root.resolve("export-best");
  }

  /** One JSON object per evaluation during training ({@code --eval-every}). */
  public Path evalLog() {
    return root.resolve("eval.jsonl");
  }

  public Path discriminatorExport() {
    return root.resolve(DISCRIMINATOR_EXPORT);
  }

  /** Fails with a BadInputException unless the folder can be created fresh (or is empty). */
  public static RunFolder check(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new BadInputException("--out " + root + " is a file; pass a folder path for the run");
      }
      RunFolder existing = new RunFolder(absolute);
      RunLock.writer(existing)
          .ifPresent(
              pid -> {
                throw RunLock.busy(
                    existing, pid < 0 ? java.util.Optional.empty() : java.util.Optional.of(pid));
              });
      requireEmpty(absolute, root);
      requireWritable(absolute, root);
    } else {
      Path ancestor = absolute.getParent();
      while (ancestor != null && !Files.exists(ancestor)) {
        ancestor = ancestor.getParent();
      }
      if (ancestor != null && !Files.isDirectory(ancestor)) {
        throw new BadInputException(
            "--out "
                + root
                + ": "
                + ancestor
                + " is a file, not a folder; pass a path whose parents are folders");
      }
      if (ancestor == null) {
        throw new BadInputException(
            "--out " + root + ": no existing parent folder to create it in");
      }
      requireWritable(ancestor, root);
    }
    return new RunFolder(absolute);
  }

  /** An existing run folder (for --resume): it must hold the run's config.json. */
  public static RunFolder existing(Path root) {
    RunFolder folder = new RunFolder(root.toAbsolutePath().normalize());
    if (!Files.isRegularFile(folder.config())) {
      throw new BadInputException(
          root + " is not a run folder (no config.json); pass the --out folder of an earlier run");
    }
    return folder;
  }

  /** Creates the folder and its subfolders (call once the inputs have been validated). */
  public RunFolder create() throws IOException {
    Files.createDirectories(samples());
    Files.createDirectories(checkpoints());
    return this;
  }

  /**
   * Creates the folder and takes its lock: the claim of a new run. Of two processes given one
   * {@code --out}, only one gets the lock of the still-empty folder; the other is refused (exit 2)
   * naming the holder, or, once the winner has written into it, as an existing folder.
   *
   * @throws BadInputException when another process holds the folder or it is no longer empty
   */
  public RunLock claim() throws IOException {
    Files.createDirectories(root.getParent());
    try {
      Files.createDirectory(root); // atomic: one creator; an existing empty folder is fine too
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(root)) {
        throw new BadInputException("--out " + root + " is a file; pass a folder path for the run");
      }
    }
    RunLock lock = RunLock.acquire(this);
    try {
      requireEmpty(root, root);
      create();
      return lock;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Refuses a folder holding anything but a lock file (a run's claim that wrote nothing yet). */
  private static void requireEmpty(Path folder, Path asGiven) {
    try (Stream<Path> entries = Files.list(folder)) {
      if (entries.anyMatch(p -> !p.getFileName().toString().equals(LOCK))) {
        throw new BadInputException(
            "--out "
                + asGiven
                + " already exists and is not empty; pick a new folder or remove it");
      }
    } catch (IOException e) {
      throw new BadInputException("--out " + asGiven + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void requireWritable(Path folder, Path asGiven) {
    if (!Files.isWritable(folder)) {
      throw new BadInputException(
          "--out "
              + asGiven
              + ": "
              + folder
              + " is not writable; choose a folder you can write to");
    }
  }
}
