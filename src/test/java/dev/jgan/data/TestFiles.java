package dev.jgan.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds small IDX files, gzip files and tarballs with known content. */
public final class TestFiles {
  private TestFiles() {}

  /** The test pattern: pixel i of the whole file; covers values above 127 (unsigned bytes). */
  static int pixel(int i) {
    return (i * 37 + 11) & 0xff;
  }

  static byte[] images(int count, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
    b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
    for (int i = 0; i < count * rows * cols; i++) {
      b.put((byte) pixel(i));
    }
    return b.array();
  }

  static byte[] labels(int count) {
    ByteBuffer b = ByteBuffer.allocate(8 + count);
    b.putInt(IdxReader.LABELS_MAGIC).putInt(count);
    for (int i = 0; i < count; i++) {
      b.put((byte) label(i));
    }
    return b.array();
  }

  static int label(int i) {
    return (i * 3) % 10;
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GzipCompressorOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** Writes a tarball (gzipped when the name ends in .tgz or .gz) with the given members. */
  static Path tar(Path target, Map<String, byte[]> members) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        OutputStream maybeGz =
            target.toString().endsWith(".tar") ? file : new GzipCompressorOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(maybeGz)) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(m.getKey());
        entry.setSize(m.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(m.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return target;
  }

  static Path write(Path target, byte[] data) throws IOException {
    Files.createDirectories(target.getParent());
    return Files.write(target, data);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Shared real data: ../shared/data from the working directory (a checkout next to a shared
   * folder); tests that need it are skipped when it is absent.
   */
  public static Path sharedData() {
    return Path.of("..", "shared", "data").toAbsolutePath().normalize();
  }
}
