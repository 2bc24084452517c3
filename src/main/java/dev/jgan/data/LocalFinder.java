package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds verified copies of data files in a folder tree or an archive. Different data sets share
 * file names (MNIST and Fashion-MNIST both have {@code train-images-idx3-ubyte}), so every
 * candidate with a matching name is checksum-checked and the first good one wins.
 */
final class LocalFinder {
  private static final Logger log = LoggerFactory.getLogger(LocalFinder.class);

  /** A candidate that had the right name but the wrong content. */
  record Mismatch(IdxSource source, String reason) {
    @Override
    public String toString() {
      return source.describe() + ": " + reason;
    }
  }

  /** Verified sources per file, and the rejected candidates per file. */
  record Result(Map<DataFile, IdxSource> found, Map<DataFile, List<Mismatch>> mismatches) {
    List<Mismatch> mismatchesOf(DataFile file) {
      return mismatches.getOrDefault(file, List.of());
    }
  }

  private LocalFinder() {}

  /**
   * Searches {@code root}: an archive's members, or a folder's files up to {@code maxDepth} levels
   * down including members of the archives found there. Unreadable files count as mismatches.
   */
  static Result find(Path root, List<DataFile> files, int maxDepth) throws IOException {
    List<IdxSource> candidates = candidates(root, files, maxDepth);
    Map<DataFile, IdxSource> found = new LinkedHashMap<>();
    Map<DataFile, List<Mismatch>> mismatches = new LinkedHashMap<>();
    for (DataFile file : files) {
      for (IdxSource candidate : candidates) {
        if (!file.matchesName(candidate.name())) {
          continue;
        }
        String reason;
        try {
          reason = Checksums.mismatch(candidate, file).orElse(null);
        } catch (IOException e) {
          reason = "cannot read (" + e.getMessage() + ")";
        }
        if (reason == null) {
          found.put(file, candidate);
          break;
        }
        log.debug("skipping {}: {}", candidate.describe(), reason);
        mismatches
            .computeIfAbsent(file, f -> new ArrayList<>())
            .add(new Mismatch(candidate, reason));
      }
    }
    return new Result(found, mismatches);
  }

  private static List<IdxSource> candidates(Path root, List<DataFile> files, int maxDepth)
      throws IOException {
    List<IdxSource> out = new ArrayList<>();
    if (Files.isRegularFile(root)) {
      addArchiveMembers(root, files, out, true);
      return out;
    }
    List<Path> archives = new ArrayList<>();
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        maxDepth,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              String name = file.getFileName().toString();
              if (files.stream().anyMatch(f -> f.matchesName(name))) {
                out.add(IdxSource.of(file));
              } else if (TarArchives.isArchive(file)) {
                archives.add(file);
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            log.debug("cannot look at {}: {}", file, e.toString());
            return FileVisitResult.CONTINUE;
          }
        });
    // Plain files first (raw before .gz, since raw loads fastest), then archives; sorted so the
    // choice does not depend on directory listing order.
    out.sort(Comparator.comparing(IdxSource::describe));
    archives.sort(Comparator.naturalOrder());
    for (Path archive : archives) {
      addArchiveMembers(archive, files, out, false);
    }
    return out;
  }

  private static void addArchiveMembers(
      Path archive, List<DataFile> files, List<IdxSource> out, boolean explicit)
      throws IOException {
    List<String> members;
    try {
      members = TarArchives.fileMembers(archive);
    } catch (IOException | BadInputException e) {
      if (explicit) {
        throw e;
      }
      // An unrelated broken archive lying next to the data must not block loading.
      log.warn("ignoring unreadable archive {}: {}", archive, e.getMessage());
      return;
    }
    for (String member : members) {
      if (files.stream().anyMatch(f -> f.matchesName(TarArchives.baseName(member)))) {
        out.add(IdxSource.member(archive, member));
      }
    }
  }
}
