package dev.jgan.run;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one writer of a run folder: an OS file lock on {@code train.lock} held while the run trains.
 * The operating system drops the lock when the process dies (even by {@code kill -9}), so a dead
 * run never blocks its resume; the file keeps the holder's pid only to name it in messages.
 */
public final class RunLock implements AutoCloseable {
  // POSIX record locks belong to the process, and closing any descriptor of the file drops them
  // all: locks this JVM holds are looked up here, never by opening the file again.
  private static final Map<Path, RunLock> HELD = new ConcurrentHashMap<>();
  private static final int ATTEMPTS = 5;
  private static final long RETRY_MILLIS = 40;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the run folder's lock for this process.
   *
   * @throws BadInputException naming the folder and the holder's pid when another writer has it
   */
  public static RunLock acquire(RunFolder folder) throws IOException {
    Path file = folder.lock();
    if (HELD.containsKey(file)) {
      throw busy(folder, Optional.of(ProcessHandle.current().pid()));
    }
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      // A few tries: a reader's probe (generate, evaluate) holds a shared lock for a moment.
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        FileLock lock = tryLock(channel, false);
        if (lock != null) {
          RunLock held = new RunLock(file, channel, lock);
          HELD.put(file, held);
          channel.truncate(0);
          channel.write(
              ByteBuffer.wrap(
                  (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
              0);
          channel.force(false);
          return held;
        }
        Thread.sleep(RETRY_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    channel.close();
    throw busy(folder, holderPid(file));
  }

  /**
   * The pid of the process training in the folder, if one is: a shared lock cannot be had while a
   * writer holds the exclusive one. Readers (generate, evaluate) use it to say so.
   */
  public static Optional<Long> writer(RunFolder folder) {
    Path file = folder.lock();
    if (HELD.containsKey(file)) {
      return Optional.of(ProcessHandle.current().pid());
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock lock = tryLock(channel, true);
      if (lock != null) {
        lock.release();
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty(); // unreadable lock file: nothing to report, the read goes on
    }
    return Optional.of(holderPid(file).orElse(-1L));
  }

  private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
    try {
      return channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static Optional<Long> holderPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static BadInputException busy(RunFolder folder, Optional<Long> pid) {
    return new BadInputException(
        folder.root()
            + " is being trained by "
            + pid.map(p -> "process " + p).orElse("another process")
            + " (it holds "
            + RunFolder.LOCK
            + "); wait for it to end or stop it, then --resume");
  }

  @Override
  public void close() throws IOException {
    HELD.remove(file);
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
