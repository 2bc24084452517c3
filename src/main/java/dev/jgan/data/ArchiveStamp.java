package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An archive's size and modification time before it is read, compared after: an archive still being
 * downloaded or copied would otherwise be cached, under the key of what it was when the pass
 * started, with only its first images.
 */
record ArchiveStamp(Path archive, long size, long modifiedMillis) {
  static ArchiveStamp of(Path archive) {
    try {
      return new ArchiveStamp(
          archive, Files.size(archive), Files.getLastModifiedTime(archive).toMillis());
    } catch (IOException e) {
      throw new BadInputException(
          archive + ": cannot read (" + e + "); check the path and permissions", e);
    }
  }

  /** Throws when the archive is not what it was when stamped. */
  void checkUnchanged(Path source) {
    ArchiveStamp now;
    try {
      now = of(archive);
    } catch (BadInputException e) {
      now = null;
    }
    if (!this.equals(now)) {
      throw new BadInputException(
          source
              + " changed while it was being read (size or modification time); run again once it"
              + " is complete and nothing writes to it");
    }
  }
}
