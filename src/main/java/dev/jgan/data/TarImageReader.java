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
    String raw = e.getName();
    if (e.isDirectory()) {
      return;
    }
    String path = ImageEntries.safeMemberPath(raw);
    if (path != null && (path.isEmpty() || ImageEntries.isHiddenPath(path))) {
      return;
    }
    if (e.isSymbolicLink() || e.isLink()) {
      v.skip(raw, "link to " + e.getLinkName() + " in the archive, not followed");
    } else if (path == null) {
      v.skip(raw, "unsafe path in the archive (absolute or with ..)");
    } else if (!ImageEntries.isImageName(path)) {
      return;
    } else if (!e.isFile()) {
      v.skip(path, "not a regular file in the archive");
    } else if (e.getSize() > ImageEntries.MAX_FILE_BYTES) {
      v.skip(path, ImageEntries.TOO_LARGE);
    } else {
      v.image(path, tar.readAllBytes()); // the reader stops at the end of this member
    }
  }
}
