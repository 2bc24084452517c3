package dev.jgan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads members of {@code .tar}, {@code .tgz} and {@code .tar.gz} archives without extracting. */
final class TarArchives {
  private TarArchives() {}

  static boolean isArchive(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".tgz") || name.endsWith(".tar.gz") || name.endsWith(".tar");
  }

  /** Opens the archive positioned before its first entry; gzip is detected by content. */
  static TarArchiveInputStream open(Path archive) throws IOException {
    return new TarArchiveInputStream(
        Gzip.decompressIfGzip(Files.newInputStream(archive), archive.toString()));
  }

  /** Names of the regular files in the archive, in archive order. */
  static List<String> fileMembers(Path archive) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = open(archive)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          names.add(e.getName());
        }
      }
    }
    return names;
  }

  /**
   * Opens one member's bytes as stored in the archive. Closing the returned stream closes the
   * archive.
   */
  static InputStream openMember(Path archive, String member) throws IOException {
    TarArchiveInputStream tar = open(archive);
    try {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile() && e.getName().equals(member)) {
          return tar; // reads stop at the end of this entry
        }
      }
    } catch (IOException | RuntimeException e) {
      tar.close();
      throw e;
    }
    tar.close();
    throw new NoSuchFileException(archive + "!" + member, null, "no such archive member");
  }

  /** The last path segment of a member name: "package/data/x" gives "x". */
  static String baseName(String member) {
    return member.substring(member.lastIndexOf('/') + 1);
  }
}
