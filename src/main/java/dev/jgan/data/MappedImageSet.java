package dev.jgan.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A decoded-image store on disk (see {@link StoreIndex}) read through one read-only memory mapping
 * per shard: the pixels live in the page cache, not on the Java heap, so the set is bounded by the
 * disk. Only the labels and the record table (5 bytes per image) are on the heap. Reads are
 * absolute, so the prefetch thread and anyone else may read at once. Why a store on disk rather
 * than one array: docs/DESIGN.md, "Decisions".
 *
 * <p>The mapping reads the files as they are: a shard truncated while a run is reading it makes the
 * JVM fail on the next read of the missing pages. Stores are only ever replaced by deleting the old
 * folder and renaming a new one into place, and a deleted file's pages stay readable through a
 * mapping opened before.
 */
public final class MappedImageSet implements ImageSet {
  private final String name;
  private final StoreIndex index;
  private final ByteBuffer[] shards;
  private final int recordBytes;
  private final int classCount;
  // One record's bytes per reading thread: the prefetch thread converts a batch without garbage.
  private final ThreadLocal<byte[]> scratch;

  private MappedImageSet(String name, StoreIndex index, ByteBuffer[] shards) {
    this.name = name;
    this.index = index;
    this.shards = shards;
    this.recordBytes = index.recordBytes();
    this.scratch = ThreadLocal.withInitial(() -> new byte[recordBytes]);
    int max = 0;
    for (byte label : index.labels()) {
      max = Math.max(max, label & 0xff);
    }
    this.classCount = max + 1;
  }

  /**
   * Opens the store in {@code folder}, checking its index, the length of every shard and every
   * shard's CRC-32 (a flipped pixel is found here, not as a silently wrong image).
   *
   * @throws IOException when the store is missing, damaged, or made for another size
   */
  static MappedImageSet open(Path folder, String name, int size, int channels) throws IOException {
    StoreIndex index = StoreIndex.read(folder.resolve(StoreIndex.FILE_NAME), size, channels);
    List<StoreIndex.Shard> list = index.shards();
    ByteBuffer[] shards = new ByteBuffer[list.size()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = map(folder.resolve(StoreIndex.shardName(i)), list.get(i), index.recordBytes());
    }
    return new MappedImageSet(name, index, shards);
  }

  private static ByteBuffer map(Path file, StoreIndex.Shard shard, int recordBytes)
      throws IOException {
    long length = (long) shard.records() * recordBytes;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() != length) {
        throw new IOException(
            file.getFileName() + " holds " + channel.size() + " bytes, not " + length);
      }
      // The mapping stays valid once the channel is closed.
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
      CRC32 crc = new CRC32();
      crc.update(mapped.duplicate());
      if (crc.getValue() != shard.crc()) {
        throw new IOException(file.getFileName() + ": checksum mismatch");
      }
      return mapped;
    }
  }

  /** The class names, label i being {@code classNames().get(i)}. */
  List<String> classNames() {
    return index.classNames();
  }

  /** Image files of the source that were skipped when the store was built. */
  int skipped() {
    return index.skipped();
  }

  /** Bytes of all shard files, for the log. */
  long storedBytes() {
    return index.physicalRecords() * recordBytes;
  }

  static boolean exists(Path folder) {
    return Files.isRegularFile(folder.resolve(StoreIndex.FILE_NAME));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return index.labels().length;
  }

  @Override
  public int height() {
    return index.size();
  }

  @Override
  public int width() {
    return index.size();
  }

  @Override
  public int channels() {
    return index.channels();
  }

  @Override
  public int imageSize() {
    return recordBytes;
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public int label(int index) {
    return this.index.labels()[checked(index)] & 0xff;
  }

  @Override
  public void copyBytes(int index, byte[] dest, int offset) {
    int slot = this.index.slots()[checked(index)];
    int perShard = this.index.recordsPerShard();
    shards[slot / perShard].get((slot % perShard) * recordBytes, dest, offset, recordBytes);
  }

  /** As {@link ImageDataset#copyImage}: HWC floats p / 127.5 - 1. */
  @Override
  public void copyImage(int index, float[] dest, int offset) {
    if (offset < 0 || offset > dest.length - recordBytes) {
      throw new IndexOutOfBoundsException(
          "dest[" + offset + " .. " + (offset + recordBytes) + "] outside length " + dest.length);
    }
    byte[] image = scratch.get();
    copyBytes(index, image, 0);
    for (int i = 0; i < recordBytes; i++) {
      dest[offset + i] = (image[i] & 0xff) / 127.5f - 1f;
    }
  }

  @Override
  public String toString() {
    return name
        + " ["
        + size()
        + ", "
        + height()
        + ", "
        + width()
        + ", "
        + channels()
        + "] on disk";
  }

  private int checked(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("image " + index + " outside 0.." + (size() - 1));
    }
    return index;
  }
}
