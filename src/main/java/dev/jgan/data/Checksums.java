package dev.jgan.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * SHA-256 verification of data files. A file passes when the hash of its stored bytes is known, or,
 * for gzip files, when the hash of its decompressed content is: the raw hash then vouches for any
 * recompressed copy (Debian's, a user's own {@code gzip}) without listing each one.
 */
final class Checksums {
  private Checksums() {}

  /** Hashes of one source: as stored, and decompressed when the stored bytes are gzip. */
  record Hashes(String stored, Optional<String> decompressed) {
    @Override
    public String toString() {
      return "sha256 " + stored + decompressed.map(d -> " (decompressed " + d + ")").orElse("");
    }
  }

  /**
   * Empty when {@code source} is a known-good copy of {@code file}, otherwise a one-line reason
   * such as "sha256 X matches none of the known train-images-idx3-ubyte checksums [..]".
   */
  static Optional<String> mismatch(IdxSource source, DataFile file) throws IOException {
    Hashes hashes = hash(source);
    if (file.accepts(hashes.stored()) || hashes.decompressed().filter(file::accepts).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        hashes + " matches none of the known " + file.baseName() + " checksums " + file.sha256());
  }

  /** Hashes the stored bytes and, for gzip, the decompressed bytes, in a single read. */
  static Hashes hash(IdxSource source) throws IOException {
    try (DigestInputStream stored = new DigestInputStream(source.openStored(), sha256())) {
      // The digest sees every byte that passes through it, whichever wrapper pulls it, so the
      // buffer used to peek at the magic does not disturb the stored hash.
      BufferedInputStream peekable = new BufferedInputStream(stored, 1 << 16);
      Optional<String> decompressed = Optional.empty();
      if (Gzip.startsWithMagic(peekable)) {
        DigestInputStream raw = new DigestInputStream(Gzip.decompress(peekable), sha256());
        raw.transferTo(OutputStream.nullOutputStream());
        decompressed = Optional.of(hex(raw.getMessageDigest()));
      }
      peekable.transferTo(OutputStream.nullOutputStream());
      return new Hashes(hex(stored.getMessageDigest()), decompressed);
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
      in.transferTo(OutputStream.nullOutputStream());
      return hex(((DigestInputStream) in).getMessageDigest());
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
