package dev.jgan.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the decoded store of an image folder or archive lives, {@code <cacheRoot>/folders/<key>/}
 * (an {@code index.bin} and its shard files, see {@link StoreIndex}), and how an existing one is
 * opened. The key is a SHA-256 of everything the result depends on, format version included, so a
 * stale store is never read: a changed source gets a new key, and the single-file caches of format
 * 1 ({@code <key>.bin}) are never looked up again.
 */
final class ImageFolderCache {
  private static final Logger log = LoggerFactory.getLogger(ImageFolderCache.class);

  private ImageFolderCache() {}

  /**
   * The key for {@code source} (its real path): for a folder, the path, size and modification time
   * of every listed image; for an archive, its own size and modification time.
   */
  static String key(Path source, FolderListing listing, int size, int channels) throws IOException {
    StringBuilder key = new StringBuilder();
    // Format 1 keyed "jgan image folder v1"; the version in the text makes every key new.
    key.append("jgan image folder v").append(StoreIndex.VERSION).append('\n');
    key.append(source).append('\n').append(size).append('x').append(channels).append('\n');
    if (listing != null) {
      for (FolderListing.Item item : listing.items()) {
        key.append(item.path()).append('\0').append(item.size()).append('\0');
        key.append(item.modifiedMillis()).append('\0').append(item.skipReason()).append('\n');
      }
    } else {
      key.append(Files.size(source)).append('\0');
      key.append(Files.getLastModifiedTime(source).toMillis()).append('\n');
    }
    return HexFormat.of().formatHex(sha256(key.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The store folder for these inputs. */
  static Path storeFor(Path cacheRoot, Path source, FolderListing listing, int size, int channels)
      throws IOException {
    return cacheRoot.resolve("folders").resolve(key(source, listing, size, channels));
  }

  /** The store in {@code folder} when there is a sound one; a damaged one is only logged. */
  static Optional<MappedImageSet> open(
      Path folder, Path source, String name, int size, int channels) {
    if (!MappedImageSet.exists(folder)) {
      return Optional.empty();
    }
    long start = System.nanoTime();
    try {
      MappedImageSet set = MappedImageSet.open(folder, name, size, channels);
      log.info(
          "{}: {} images, {} classes ({} files skipped) from the cache {} ({}, checked in {} ms)",
          source,
          set.size(),
          set.classNames().size(),
          set.skipped(),
          folder,
          DiskSpace.megabytes(set.storedBytes()),
          (System.nanoTime() - start) / 1_000_000);
      return Optional.of(set);
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring the damaged cache {} ({}); decoding again", folder, e.toString());
      return Optional.empty();
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }
}
