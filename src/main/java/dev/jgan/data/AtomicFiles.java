package dev.jgan.data;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes files so that readers never see a half-written one: the content goes to a temp file in the
 * target's folder (same file system, so the rename is atomic) and is renamed into place only once
 * complete and accepted.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Fills a temp file; throwing rejects the content (the target is left untouched). */
  @FunctionalInterface
  interface Writer {
    void writeTo(Path temp) throws IOException;
  }

  static void install(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // ".part" keeps leftovers of a killed run from matching any data file name.
    Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".part");
    try {
      writer.writeTo(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Deletes a folder and everything in it; a missing folder is fine. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
