package dev.jgan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** File trees for tests: copies of runs and exports to change without touching the original. */
public final class TestFiles {
  private TestFiles() {}

  /** Copies the tree at {@code from} to {@code to}, every folder and file; returns {@code to}. */
  public static Path copyTree(Path from, Path to) throws IOException {
    return copyTree(from, to, file -> true);
  }

  /**
   * Copies the tree at {@code from} to {@code to}, every folder and the files {@code keep} keeps.
   */
  public static Path copyTree(Path from, Path to, Predicate<Path> keep) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (keep.test(source)) {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }
}
