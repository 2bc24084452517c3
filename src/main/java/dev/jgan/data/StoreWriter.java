package dev.jgan.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Appends fixed-size image records to the shard files of a store being built (in a staging folder
 * that is renamed into place once complete, see {@link dev.jgan.FileTrees#writeFolder}). Shards
 * keep every file below 2 GB, so one memory mapping reads each. Thread-safe: decoder threads append
 * as they finish, and each gets back the record number it was written to.
 */
final class StoreWriter implements AutoCloseable {
  private final Path folder;
  private final int recordBytes;
  private final int recordsPerShard;
  private final long expectedRecords;
  private final Path source;
  private final List<StoreIndex.Shard> finished = new ArrayList<>();
  private final CRC32 crc = new CRC32();
  private OutputStream out;
  private int inShard;
  private int written;

  /**
   * @param expectedRecords the records expected in all, or -1 when unknown (a tar): the free space
   *     is checked for each shard before it is opened, for as many records as it may hold
   */
  StoreWriter(
      Path folder, int recordBytes, int recordsPerShard, long expectedRecords, Path source) {
    this.folder = folder;
    this.recordBytes = recordBytes;
    this.recordsPerShard = recordsPerShard;
    this.expectedRecords = expectedRecords;
    this.source = source;
  }

  /** Records per shard for a shard size in bytes: at least one. */
  static int recordsPerShard(long shardBytes, int recordBytes) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE / recordBytes, shardBytes / recordBytes));
  }

  int recordsPerShard() {
    return recordsPerShard;
  }

  /** Writes one record; returns its number, counting from 0 over all shards. */
  synchronized int append(byte[] record) throws IOException {
    if (record.length != recordBytes) {
      throw new IllegalArgumentException(record.length + " bytes, not a record of " + recordBytes);
    }
    if (out == null) {
      openShard();
    }
    out.write(record);
    crc.update(record);
    inShard++;
    if (inShard == recordsPerShard) {
      closeShard();
    }
    return written++;
  }

  /** Closes the last shard; the shards written, in order. */
  synchronized List<StoreIndex.Shard> finish() throws IOException {
    if (out != null) {
      closeShard();
    }
    return List.copyOf(finished);
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  private void openShard() throws IOException {
    long records = recordsPerShard;
    if (expectedRecords >= 0) {
      records = Math.max(0, Math.min(records, expectedRecords - written));
    }
    DiskSpace.require(folder, records * recordBytes, source);
    Path file = folder.resolve(StoreIndex.shardName(finished.size()));
    out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    crc.reset();
    inShard = 0;
  }

  private void closeShard() throws IOException {
    out.close();
    out = null;
    finished.add(new StoreIndex.Shard(inShard, crc.getValue()));
  }
}
