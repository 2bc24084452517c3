package dev.jgan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden folders that whole outputs are written into before their rename ({@code
 * .export-PID-N}, {@code .generate-PID-N}, ...): named with the writer's process id, so that a
 * later start can tell the leftovers of a killed process from the work of a live one and remove
 * them, and tracked while they exist, so that a second Ctrl-C can remove them before it quits
 * (docs/DESIGN.md, Decisions).
 */
public final class StagingFolders {
  /** {@code .NAME-PID-RANDOM}: what {@link #create} makes. */
  private static final Pattern NAME = Pattern.compile("^\\..+-(\\d+)-\\d+$");

  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  private StagingFolders() {}

  /** Creates {@code parent/.NAME-PID-RANDOM} and tracks it until {@link #remove}. */
  public static Path create(Path parent, String name) throws IOException {
    Path staging =
        Files.createTempDirectory(parent, "." + name + "-" + ProcessHandle.current().pid() + "-");
    LIVE.add(staging);
    return staging;
  }

  /** Deletes a staging folder of {@link #create} (if it still exists) and stops tracking it. */
  public static void remove(Path staging) throws IOException {
    try {
      FileTrees.deleteRecursively(staging);
    } finally {
      LIVE.remove(staging);
    }
  }

  /** Deletes every staging folder this process still has; best effort, for a quick exit. */
  public static void removeAllLive() {
    for (Path staging : List.copyOf(LIVE)) {
      try {
        remove(staging);
      } catch (IOException | RuntimeException ignored) {
        // a file being written at this moment: the next start's sweep removes the rest
      }
    }
  }

  /**
   * Deletes the staging folders in {@code parent} whose process is gone (killed, or quit on a
   * second signal while a file was being written); returns them.
   */
  public static List<Path> sweep(Path parent) {
    return removeWhere(
        parent,
        name -> {
          Matcher m = NAME.matcher(name);
          return m.matches() && !alive(m.group(1));
        });
  }

  /** {@code .NAME-DIGITS} with an optional {@code -DIGITS}: any staging folder, old or new. */
  private static final Pattern ANY = Pattern.compile("^\\..+-\\d+(-\\d+)?$");

  /**
   * Deletes every staging folder in {@code parent} that this process does not hold, whoever made
   * it: for a folder the caller has locked (a run folder), where no other process writes.
   */
  public static List<Path> sweepLocked(Path parent) {
    return removeWhere(
        parent, name -> ANY.matcher(name).matches() && !LIVE.contains(parent.resolve(name)));
  }

  /** Deletes the hidden folders in {@code parent} whose names {@code remove} accepts. */
  private static List<Path> removeWhere(Path parent, Predicate<String> remove) {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return removed;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, ".*")) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry) && remove.test(entry.getFileName().toString())) {
          FileTrees.deleteRecursively(entry);
          removed.add(entry);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // a folder we cannot list or clean: what writes there next reports its own problem
    }
    return removed;
  }

  private static boolean alive(String pid) {
    try {
      long id = Long.parseLong(pid);
      return id == ProcessHandle.current().pid()
          || ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
