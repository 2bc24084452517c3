package dev.jgan.generate;

import dev.jgan.BadInputException;
import dev.jgan.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code gan generate}'s rules for {@code --out}: a folder that is or can be made writable, no file
 * of the run already in it (nothing is overwritten), and what a failed run made is taken away.
 */
final class OutputFolder {
  private OutputFolder() {}

  /** The absolute {@code --out}, or a refusal naming why it cannot hold the images. */
  static Path check(Path out) {
    Path absolute = out.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new BadInputException("--out " + out + " is a file; pass a folder for the images");
    }
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new BadInputException(
          "--out " + out + ": " + existing + " is not a folder; pass a folder path");
    }
    if (!Files.isWritable(existing)) {
      throw new BadInputException(
          "--out " + out + ": " + existing + " is not writable; choose a folder you can write to");
    }
    return absolute;
  }

  /**
   * Refuses to write over any file the run would write. Reads the folder's entries instead of
   * asking for each of {@code total} names, so a million PNGs cost one listing.
   */
  static void refuseExisting(Path out, OutputFormat format, int total) throws IOException {
    List<String> clash = new ArrayList<>();
    if (Files.isDirectory(out)) {
      Set<String> single = format == OutputFormat.PNG ? Set.of() : Set.copyOf(format.fileNames(1));
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(out)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (format == OutputFormat.PNG
              ? OutputFormat.isPngName(name, total)
              : single.contains(name)) {
            clash.add(name);
          }
        }
      }
    }
    if (!clash.isEmpty()) {
      Collections.sort(clash);
      throw new BadInputException(
          "--out "
              + out
              + " already holds "
              + (clash.size() == 1
                  ? clash.get(0)
                  : clash.size() + " of the files (" + clash.get(0) + ", ...)")
              + "; pick another --out or remove "
              + (clash.size() == 1 ? "it" : "them")
              + " (nothing is overwritten)");
    }
  }

  /** The outermost folder of {@code out} that does not exist yet (created by this run), or null. */
  static Path firstMissing(Path out) {
    Path missing = null;
    for (Path p = out; p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /** Removes {@code created} and the folders in it if they hold no file (a failed run's). */
  static void removeIfEmpty(Path created) {
    if (created == null || !Files.isDirectory(created)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(created)) {
      if (walk.anyMatch(p -> !Files.isDirectory(p))) {
        return;
      }
      FileTrees.deleteRecursively(created);
    } catch (IOException | RuntimeException ignored) {
      // best effort: a folder that cannot be read or removed is left as it is
    }
  }
}
