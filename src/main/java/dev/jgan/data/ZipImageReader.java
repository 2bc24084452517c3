package dev.jgan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Streams the image members of a {@code .zip} archive into a visitor without extracting anything.
 * Uses {@link ZipFile}, which reads the central directory at the end of the file, rather than the
 * one-pass {@code ZipArchiveInputStream}: a truncated zip has no central directory and fails at
 * once instead of silently giving fewer images, and entries stored with a data descriptor (which
 * the one-pass reader cannot size) read fine. Each member is still read as a stream. Members are
 * independent in a zip, so one that cannot be read is a skip rather than an error.
 */
final class ZipImageReader {
  private ZipImageReader() {}

  static void read(Path archive, ImageEntries.Visitor v) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
        visit(zip, e, v);
      }
    }
  }

  /** The image members, from the central directory alone: for the disk check and the ETA. */
  static long countImages(Path archive) throws IOException {
    ImageEntries.Visitor ignore =
        new ImageEntries.Visitor() {
          @Override
          public void image(String path, byte[] data) {}

          @Override
          public void skip(String path, String reason) {}
        };
    long count = 0;
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
        if (ImageEntries.imagePath(e.getName(), e.isDirectory(), null, ignore) != null) {
          count++;
        }
      }
    }
    return count;
  }

  private static void visit(ZipFile zip, ZipArchiveEntry e, ImageEntries.Visitor v) {
    String path =
        ImageEntries.imagePath(
            e.getName(),
            e.isDirectory(),
            e.isUnixSymlink() ? "symbolic link in the archive, not followed" : null,
            v);
    if (path == null) {
      return;
    }
    if (!zip.canReadEntryData(e)) {
      v.skip(path, "encrypted or compressed with an unsupported method");
    } else if (e.getSize() > ImageEntries.MAX_FILE_BYTES) {
      v.skip(path, ImageEntries.TOO_LARGE);
    } else {
      try (InputStream in = zip.getInputStream(e)) {
        // The declared size may lie; the read is bounded whatever it says.
        byte[] data = ImageEntries.readLimited(in);
        if (data == null) {
          v.skip(path, ImageEntries.TOO_LARGE);
        } else {
          v.image(path, data);
        }
      } catch (IOException ex) {
        v.skip(path, "cannot read from the archive: " + ex);
      }
    }
  }
}
