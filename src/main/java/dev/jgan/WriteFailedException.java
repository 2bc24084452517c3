package dev.jgan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file the program had to write could not be written (a full disk, a quota, a folder gone): the
 * environment's fault, not a bug. The message names the file, the bytes needed when known and the
 * space left; the CLI prints it on one line and exits with code 1. Whatever was written before (the
 * newest complete checkpoint) stays valid, so the run can be resumed once space is freed.
 */
public class WriteFailedException extends RuntimeException {
  /** Needed bytes are not known. */
  public static final long UNKNOWN = -1;

  public WriteFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The failure of writing {@code target}: its path, the cause's first line, {@code needed} bytes
   * (or {@link #UNKNOWN}) and the usable space of the file system it is on.
   */
  public static WriteFailedException of(Path target, long needed, Throwable cause) {
    String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("").strip();
    StringBuilder message = new StringBuilder("cannot write ").append(target);
    message.append(" (").append(reason.isEmpty() ? cause.getClass().getSimpleName() : reason);
    message.append(")");
    if (needed >= 0) {
      message.append("; needs about ").append(ByteSize.of(needed));
    }
    long free = usableSpace(target);
    if (free >= 0) {
      message.append("; ").append(ByteSize.of(free)).append(" free there");
    }
    message.append("; free some space (or fix the folder) and run again");
    return new WriteFailedException(message.toString(), cause);
  }

  /** Usable bytes of the file system holding {@code path} (or its nearest existing parent). */
  public static long usableSpace(Path path) {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }
}
