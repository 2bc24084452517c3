package dev.jgan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writing files and folders so that readers never see half of one, and deleting folder trees.
 * Content goes to a temporary sibling of the target (same file system, so the rename is atomic) and
 * is renamed into place only once complete; a writer that throws leaves the target untouched. Used
 * by the data cache, run folders, checkpoints, exports and generated images alike.
 */
public final class FileTrees {
  private FileTrees() {}

  /** Fills a temporary file or folder; throwing rejects the content. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path temp) throws IOException;
  }

  /** Writes {@code target} (a file) through a temp file, replacing any previous version. */
  public static void writeFile(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // ".part" keeps leftovers of a killed run from matching any real file name.
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    try {
      writer.writeTo(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes {@code target} (a folder) through a staging folder, replacing any previous version: the
   * writer fills an empty folder, which is then renamed to {@code target}.
   */
  public static void writeFolder(Path target, Writer writer) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Named with this process's id (StagingFolders), so the next start removes a killed
    // writer's leftovers.
    Path staging = StagingFolders.create(parent, target.getFileName().toString());
    try {
      writer.writeTo(staging);
      deleteRecursively(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      StagingFolders.remove(staging);
    }
  }

  /** Deletes a file or a folder with everything in it; nothing happens if it does not exist. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
