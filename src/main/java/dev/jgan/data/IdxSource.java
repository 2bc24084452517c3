package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one IDX file lives: a plain file, or a member of a tar archive. Either may be gzip
 * compressed; {@link #open()} undoes that, so callers only ever see IDX bytes.
 */
public record IdxSource(Path file, Optional<String> member) {
  public IdxSource {
    Objects.requireNonNull(file);
    Objects.requireNonNull(member);
  }

  public static IdxSource of(Path file) {
    return new IdxSource(file, Optional.empty());
  }

  public static IdxSource member(Path archive, String memberName) {
    return new IdxSource(archive, Optional.of(memberName));
  }

  /**
   * The file name (for a member, its last path segment), e.g. {@code train-images-idx3-ubyte.gz}.
   */
  public String name() {
    return member.map(TarArchives::baseName).orElseGet(() -> file.getFileName().toString());
  }

  /** Human-readable location for messages: the path, or {@code archive!member}. */
  public String describe() {
    return member.map(m -> file + "!" + m).orElseGet(file::toString);
  }

  /** The bytes as stored (still compressed if the file is gzip). */
  public InputStream openStored() throws IOException {
    return member.isPresent()
        ? TarArchives.openMember(file, member.get())
        : Files.newInputStream(file);
  }

  /** The IDX bytes: decompressed when the stored data is gzip. */
  public InputStream open() throws IOException {
    return Gzip.decompressIfGzip(openStored(), describe());
  }

  /** Reads and validates an image file; damaged data is reported as {@link BadInputException}. */
  public IdxImages readImages() {
    try (InputStream in = open()) {
      return IdxReader.readImages(in, describe());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** Reads and validates a label file; damaged data is reported as {@link BadInputException}. */
  public IdxLabels readLabels() {
    try (InputStream in = open()) {
      return IdxReader.readLabels(in, describe());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  @Override
  public String toString() {
    return describe();
  }

  // A corrupt gzip stream or tar header surfaces as an IOException; for the user it is a bad file.
  private BadInputException unreadable(IOException e) {
    return new BadInputException(
        describe()
            + ": cannot read ("
            + e.getMessage()
            + "); the file is damaged or truncated,"
            + " re-download it",
        e);
  }
}
