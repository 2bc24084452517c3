package dev.jgan.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams the image members of a {@code .tar}, {@code .tar.gz} or {@code .tgz} archive into a
 * visitor, in one pass and without extracting anything. An error while reading is thrown: in a
 * stream, whatever follows a damaged spot is lost too, so the archive as a whole is bad.
 */
final class TarImageReader {
  private TarImageReader() {}

  static void read(Path archive, ImageEntries.Visitor visitor) throws IOException {
    // gzip is detected by content, as everywhere in the project.
    try (InputStream raw =
            Gzip.decompressIfGzip(Files.newInputStream(archive), archive.toString());
        TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        visit(tar, e, visitor);
      }
      // The tar reader stops at the end-of-archive blocks, before the gzip trailer; reading on
      // checks the trailer's CRC and length, so a .tar.gz cut short there is reported too.
      raw.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void visit(TarArchiveInputStream tar, TarArchiveEntry e, ImageEntries.Visitor v)
      throws IOException {
    boolean link = e.isSymbolicLink() || e.isLink();
    String path =
        ImageEntries.imagePath(
            e.getName(),
            e.isDirectory(),
            link ? "link to " + e.getLinkName() + " in the archive, not followed" : null,
            v);
    if (path == null) {
      return;
    }
    if (!e.isFile()) {
      v.skip(path, "not a regular file in the archive");
    } else if (e.getSize() > ImageEntries.MAX_FILE_BYTES) {
      v.skip(path, ImageEntries.TOO_LARGE);
    } else {
      v.image(path, tar.readAllBytes()); // the reader stops at the end of this member
    }
  }
}
