package dev.jgan.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The header of a decoded-image store ({@code index.bin}): everything but the pixels. The pixels
 * are fixed-size records in shard files, in the order decoding finished (parallel decoders finish
 * out of order); {@code slots[i]} is the record of image i, images being in path order. Each
 * shard's record count and CRC-32 are here, so a truncated or altered shard is caught on opening.
 *
 * <p>Layout (big-endian): magic, {@link #VERSION}, size, channels, image count, skipped count,
 * class count, class names (modified UTF-8), records per shard, shard count, per shard (records,
 * CRC-32), labels (one byte per image), slots (one int per image), CRC-32 of all of that.
 */
record StoreIndex(
    int size,
    int channels,
    int skipped,
    List<String> classNames,
    int recordsPerShard,
    List<Shard> shards,
    byte[] labels,
    int[] slots) {
  /** Bump whenever the layout, decoding or conversion changes; the cache key includes it too. */
  static final int VERSION = 2;

  static final String FILE_NAME = "index.bin";

  private static final long MAGIC = 0x4a47414e53544f52L; // "JGANSTOR"

  /** One shard file: its record count and the CRC-32 of its bytes. */
  record Shard(int records, long crc) {}

  /** Bytes of one image record. */
  int recordBytes() {
    return size * size * channels;
  }

  /** Records in all shards, images and records no image points to (a tar's replaced members). */
  long physicalRecords() {
    long total = 0;
    for (Shard shard : shards) {
      total += shard.records();
    }
    return total;
  }

  /** The file name of shard {@code i}. */
  static String shardName(int i) {
    return String.format("shard-%05d.bin", i);
  }

  /** An upper bound of the index file's size for {@code count} images, for the disk check. */
  static long bytesFor(long count) {
    return 64 * 1024 + count * 5;
  }

  void write(Path file) throws IOException {
    CRC32 crc = new CRC32();
    try (DataOutputStream out =
        new DataOutputStream(
            new CheckedOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), crc))) {
      out.writeLong(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(size);
      out.writeInt(channels);
      out.writeInt(labels.length);
      out.writeInt(skipped);
      out.writeInt(classNames.size());
      for (String name : classNames) {
        out.writeUTF(name);
      }
      out.writeInt(recordsPerShard);
      out.writeInt(shards.size());
      for (Shard shard : shards) {
        out.writeInt(shard.records());
        out.writeLong(shard.crc());
      }
      out.write(labels);
      for (int slot : slots) {
        out.writeInt(slot);
      }
      out.writeLong(crc.getValue());
    }
  }

  /**
   * The index in {@code file}; throws when it is damaged, of another version or made for another
   * size (the key prevents that, but a file copied by hand must not be misread).
   */
  static StoreIndex read(Path file, int size, int channels) throws IOException {
    CRC32 crc = new CRC32();
    try (DataInputStream in =
        new DataInputStream(
            new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), crc))) {
      check(in.readLong() == MAGIC, "not a jgan image store index");
      check(in.readInt() == VERSION, "another format version");
      check(in.readInt() == size && in.readInt() == channels, "made for another size");
      int count = in.readInt();
      int skipped = in.readInt();
      int classes = in.readInt();
      check(count > 0, "bad image count " + count);
      check(skipped >= 0, "bad skipped count");
      check(classes > 0 && classes <= ClassLayout.MAX_CLASSES, "bad class count " + classes);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < classes; i++) {
        names.add(in.readUTF());
      }
      int perShard = in.readInt();
      int shardCount = in.readInt();
      long recordBytes = (long) size * size * channels;
      check(perShard > 0 && perShard * recordBytes <= Integer.MAX_VALUE, "bad shard size");
      check(
          shardCount > 0,
          "bad shard count " + shardCount); // a false count hits the end of the file
      List<Shard> shards = new ArrayList<>();
      long physical = 0;
      for (int i = 0; i < shardCount; i++) {
        int records = in.readInt();
        boolean last = i == shardCount - 1;
        check(last ? records > 0 && records <= perShard : records == perShard, "bad shard " + i);
        shards.add(new Shard(records, in.readLong()));
        physical += records;
      }
      byte[] labels = in.readNBytes(count);
      check(labels.length == count, "truncated");
      for (byte label : labels) {
        check((label & 0xff) < classes, "label outside the classes");
      }
      int[] slots = new int[count];
      for (int i = 0; i < count; i++) {
        slots[i] = in.readInt();
        check(slots[i] >= 0 && slots[i] < physical, "record outside the shards");
      }
      long computed = crc.getValue();
      check(in.readLong() == computed, "checksum mismatch");
      check(in.read() < 0, "data after the end");
      return new StoreIndex(
          size, channels, skipped, List.copyOf(names), perShard, shards, labels, slots);
    }
  }

  private static void check(boolean ok, String problem) throws IOException {
    if (!ok) {
      throw new IOException(problem);
    }
  }
}
