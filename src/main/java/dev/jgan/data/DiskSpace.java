package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check that a decoded-image store fits on its disk, made before decoding starts: finding out
 * after an hour of decoding that the disk is full wastes the hour.
 */
final class DiskSpace {
  private DiskSpace() {}

  /** Throws unless the file system of {@code dir} (created if needed) has {@code needed} bytes. */
  static void require(Path dir, long needed, Path source) {
    long usable;
    try {
      Files.createDirectories(dir);
      usable = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      // The write itself will report the folder's problem with its path.
      return;
    }
    require(dir, needed, usable, source);
  }

  /** Throws unless {@code usable} covers {@code needed}. */
  static void require(Path dir, long needed, long usable, Path source) {
    if (needed > usable) {
      throw new BadInputException(
          source
              + ": its decoded images need "
              + megabytes(needed)
              + " in "
              + dir
              + " but only "
              + megabytes(usable)
              + " are free there; free space, point JGAN_CACHE at a larger disk, or use a smaller"
              + " --image-size");
    }
  }

  static String megabytes(long bytes) {
    return dev.jgan.ByteSize.of(bytes);
  }
}
