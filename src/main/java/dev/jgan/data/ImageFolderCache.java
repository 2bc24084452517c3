package dev.jgan.data;

import dev.jgan.FileTrees;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded image folders saved as one file each, {@code <cacheRoot>/folders/<key>.bin}, so that the
 * second run skips decoding (minutes for large photo sets). The key is a SHA-256 of everything the
 * result depends on, so a stale file is never read: a changed source gets a new key.
 *
 * <p>File layout (big-endian): magic, format version, size, channels, image count, skipped count,
 * class count, class names (modified UTF-8), labels (one byte each), pixels (NHWC bytes), CRC-32 of
 * all that. A file that fails any check is ignored and rewritten.
 */
final class ImageFolderCache {
  /** Bump whenever decoding or conversion changes: old files then get other keys. */
  static final int VERSION = 1;

  private static final Logger log = LoggerFactory.getLogger(ImageFolderCache.class);

  private static final long MAGIC = 0x4a47414e494d4746L; // "JGANIMGF"

  /** The decoded content of a source, as stored. */
  record Entry(
      int size, int channels, List<String> classNames, byte[] labels, byte[] pixels, int skipped) {}

  private ImageFolderCache() {}

  /**
   * The key for {@code source} (its real path): for a folder, the path, size and modification time
   * of every listed image; for an archive, its own size and modification time.
   */
  static String key(Path source, FolderListing listing, int size, int channels) throws IOException {
    StringBuilder key = new StringBuilder();
    key.append("jgan image folder v").append(VERSION).append('\n');
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

  /** The cache file for these inputs, or null when the source cannot be keyed (then no cache). */
  static Path fileFor(Path cacheRoot, Path source, FolderListing listing, int size, int channels) {
    try {
      return cacheRoot.resolve("folders").resolve(key(source, listing, size, channels) + ".bin");
    } catch (IOException e) {
      log.warn("{}: cannot key the cache, decoding without it ({})", source, e.toString());
      return null;
    }
  }

  /** The entry in {@code file} when there is a sound one; a damaged file is only logged. */
  static Optional<Entry> lookup(Path file, Path source, int size, int channels) {
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Entry entry = read(file, size, channels);
      log.info(
          "{}: {} images, {} classes ({} files skipped) from the cache {}",
          source,
          entry.labels().length,
          entry.classNames().size(),
          entry.skipped(),
          file);
      return Optional.of(entry);
    } catch (IOException e) {
      log.warn("ignoring the damaged cache file {} ({}); decoding again", file, e.toString());
      return Optional.empty();
    }
  }

  /** Writes {@code entry} when {@code file} is not null; failing to is only logged. */
  static void store(Path file, Entry entry) {
    if (file == null) {
      return;
    }
    try {
      write(file, entry);
    } catch (IOException e) {
      log.warn(
          "cannot write the cache file {} ({}); the next load decodes again", file, e.toString());
    }
  }

  static void write(Path file, Entry entry) throws IOException {
    FileTrees.writeFile(
        file,
        temp -> {
          CRC32 crc = new CRC32();
          try (DataOutputStream out =
              new DataOutputStream(
                  new CheckedOutputStream(
                      new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16), crc))) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entry.size());
            out.writeInt(entry.channels());
            out.writeInt(entry.labels().length);
            out.writeInt(entry.skipped());
            out.writeInt(entry.classNames().size());
            for (String name : entry.classNames()) {
              out.writeUTF(name);
            }
            out.write(entry.labels());
            out.write(entry.pixels());
            out.writeLong(crc.getValue());
          }
        });
  }

  /** The stored entry; throws when the file is damaged or was made for another size. */
  static Entry read(Path file, int size, int channels) throws IOException {
    CRC32 crc = new CRC32();
    try (DataInputStream in =
        new DataInputStream(
            new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), crc))) {
      check(in.readLong() == MAGIC, "not a jgan image cache file");
      check(in.readInt() == VERSION, "another format version");
      check(in.readInt() == size && in.readInt() == channels, "made for another size");
      int count = in.readInt();
      int skipped = in.readInt();
      int classes = in.readInt();
      long imageSize = (long) size * size * channels;
      check(count > 0 && count * imageSize <= Integer.MAX_VALUE - 8, "bad image count " + count);
      check(skipped >= 0, "bad skipped count");
      check(classes > 0 && classes <= ClassLayout.MAX_CLASSES, "bad class count " + classes);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < classes; i++) {
        names.add(in.readUTF());
      }
      byte[] labels = in.readNBytes(count);
      byte[] pixels = in.readNBytes((int) (count * imageSize));
      check(labels.length == count && pixels.length == count * imageSize, "truncated");
      for (byte label : labels) {
        check((label & 0xff) < classes, "label outside the classes");
      }
      long computed = crc.getValue();
      check(in.readLong() == computed, "checksum mismatch");
      check(in.read() < 0, "data after the end");
      return new Entry(size, channels, List.copyOf(names), labels, pixels, skipped);
    }
  }

  private static void check(boolean ok, String problem) throws IOException {
    if (!ok) {
      throw new IOException(problem);
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
