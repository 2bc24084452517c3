package dev.jgan.data;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One file of a data set: its base name (without {@code .gz}) and every SHA-256 known to be a good
 * copy. Mirrors ship it gzipped, some packages ship it raw, and repackagers recompress it, so the
 * list usually holds the raw hash plus one or more gzip hashes; see {@link Checksums}.
 */
public record DataFile(String baseName, List<String> sha256) {
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public DataFile {
    if (baseName.isEmpty() || baseName.contains("/") || baseName.endsWith(".gz")) {
      throw new IllegalArgumentException("bad base name: " + baseName);
    }
    sha256 = List.copyOf(sha256);
    if (sha256.isEmpty()) {
      throw new IllegalArgumentException(baseName + ": no checksum");
    }
    for (String hash : sha256) {
      if (!HEX_SHA256.matcher(hash).matches()) {
        throw new IllegalArgumentException(baseName + ": not a lower-case SHA-256: " + hash);
      }
    }
  }

  public static DataFile of(String baseName, String... sha256) {
    return new DataFile(baseName, List.of(sha256));
  }

  /** True for the base name itself and its gzipped form. */
  public boolean matchesName(String fileName) {
    return fileName.equals(baseName) || fileName.equals(baseName + ".gz");
  }

  public boolean accepts(String sha256Hex) {
    return sha256.contains(sha256Hex);
  }
}
