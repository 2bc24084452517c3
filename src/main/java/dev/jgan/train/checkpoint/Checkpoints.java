package dev.jgan.train.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.BadInputException;
import dev.jgan.FileTrees;
import dev.jgan.WriteFailedException;
import dev.jgan.config.ConfigResolver;
import dev.jgan.train.GanSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * The checkpoints of a run: {@code checkpoints/ckpt-NNNNNNNN/} holding a standard TF checkpoint
 * ({@code model.index}, {@code model.data-*}) of every variable, optimizer slots included, and
 * {@code state.json} with what the loop needs to continue exactly.
 *
 * <p>Each checkpoint is written into a hidden staging folder and renamed into place, so a crash
 * mid-write leaves either the whole checkpoint or none: a folder named ckpt-* is always complete.
 */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  private static final String PREFIX = "ckpt-";
  static final String MODEL = "model";
  static final String STATE = "state.json";

  private final Path folder;
  private final int keep;
  private final FolderWriter writer;

  /** How a checkpoint folder is written: {@link FileTrees#writeFolder}; tests make it fail. */
  @FunctionalInterface
  interface FolderWriter {
    void write(Path target, FileTrees.Writer content) throws IOException;
  }

  /** One saved checkpoint. {@code prefix} is what Session.restore takes. */
  public record Checkpoint(Path dir, long step) {
    public String prefix() {
      return dir.resolve(MODEL).toString();
    }
  }

  public Checkpoints(Path folder, int keep) {
    this(folder, keep, FileTrees::writeFolder);
  }

  Checkpoints(Path folder, int keep, FolderWriter writer) {
    this.folder = folder;
    this.keep = keep;
    this.writer = writer;
  }

  /**
   * Saves the session after {@code step} steps and deletes all but the newest {@code keep}.
   *
   * @throws WriteFailedException when the checkpoint cannot be written (a full disk): the staging
   *     folder is removed and the older checkpoints are left as they were
   */
  public Checkpoint save(GanSession session, long step, int batchesPerEpoch, long seed)
      throws IOException {
    Path target = folder.resolve(String.format("%s%08d", PREFIX, step));
    try {
      write(session, step, batchesPerEpoch, seed, target);
    } catch (IOException | TensorFlowException e) {
      throw WriteFailedException.of(target, newestSize(), e);
    }
    // Pruned only once the new one is complete: a failed save never costs an older checkpoint.
    prune();
    LOG.info("checkpoint {}", target);
    return new Checkpoint(target, step);
  }

  private void write(GanSession session, long step, int batchesPerEpoch, long seed, Path target)
      throws IOException {
    writer.write(
        target,
        staging -> {
          session.save(staging.resolve(MODEL).toString());
          var state = ConfigResolver.JSON.createObjectNode();
          state.put("step", step);
          state.put("epochs_done", step / batchesPerEpoch);
          // The data order of an epoch is a function of (seed, epoch) and the noise of a step of
          // (seed, step), so these positions are the whole random state of the loop.
          state.put("next_epoch", step / batchesPerEpoch + 1);
          state.put("next_batch_in_epoch", step % batchesPerEpoch + 1);
          state.put("noise_next_step", step);
          state.put("seed", seed);
          ConfigResolver.JSON.writeValue(staging.resolve(STATE).toFile(), state);
        });
  }

  /** Bytes of the newest checkpoint (what the next one will need), or UNKNOWN without one. */
  private long newestSize() {
    try {
      Optional<Checkpoint> newest = latest();
      if (newest.isEmpty()) {
        return WriteFailedException.UNKNOWN;
      }
      try (Stream<Path> files = Files.walk(newest.get().dir())) {
        long bytes = 0;
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          bytes += Files.size(f);
        }
        return bytes;
      }
    } catch (IOException | RuntimeException e) {
      return WriteFailedException.UNKNOWN;
    }
  }

  /** The newest complete checkpoint, if any. */
  public Optional<Checkpoint> latest() throws IOException {
    List<Checkpoint> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Complete checkpoints, oldest first. */
  public List<Checkpoint> list() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(PREFIX))
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .map(Checkpoints::read)
          .sorted(Comparator.comparingLong(Checkpoint::step))
          .toList();
    }
  }

  private static Checkpoint read(Path dir) {
    Path file = dir.resolve(STATE);
    JsonNode state;
    try {
      state = ConfigResolver.JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // The parser's message spans lines (a snippet, then the location): one line of it.
      throw new BadInputException(
          file
              + " is not valid JSON ("
              + oneLine(e.getOriginalMessage())
              + "); the checkpoint is damaged: delete "
              + dir
              + " to resume from the one before",
          e);
    } catch (IOException e) {
      throw new BadInputException(
          "cannot read " + file + " (" + oneLine(e.getMessage()) + "); delete that checkpoint", e);
    }
    if (state == null || !state.path("step").canConvertToLong()) {
      throw new BadInputException(
          file
              + " has no step; the checkpoint is damaged: delete "
              + dir
              + " to resume from the"
              + " one before");
    }
    long step = state.get("step").asLong();
    long named = stepOfName(dir);
    // Sorting trusts the step: one that disagrees with the folder's name would silently make
    // another checkpoint the newest (and this one be overwritten later).
    if (step != named) {
      throw new BadInputException(
          file
              + " says step "
              + state.get("step")
              + " but its folder is step "
              + named
              + "; the checkpoint is damaged: delete "
              + dir
              + " to resume from the one before");
    }
    return new Checkpoint(dir, step);
  }

  /** The step in a folder name {@code ckpt-00000420}, or -1 when it is not one. */
  private static long stepOfName(Path dir) {
    String digits = dir.getFileName().toString().substring(PREFIX.length());
    try {
      return digits.chars().allMatch(Character::isDigit) ? Long.parseLong(digits) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s+", " ").strip();
  }

  private void prune() throws IOException {
    List<Checkpoint> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      FileTrees.deleteRecursively(all.get(i).dir());
    }
  }
}
