package dev.jgan.data;

import dev.jgan.BadInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decodes the entries a source yields and keeps each as its small converted image, keyed by path,
 * so that the full-size pixels never pile up and the order is by path whatever the archive order. A
 * path seen twice (possible in a tar) keeps its last version, as extracting would.
 */
final class ImageCollector implements ImageEntries.Visitor {
  private final Path source;
  private final int size;
  private final int channels;
  private final SortedMap<String, byte[]> images = new TreeMap<>();
  private final SortedMap<String, String> skipped = new TreeMap<>();

  ImageCollector(Path source, int size, int channels) {
    this.source = source;
    this.size = size;
    this.channels = channels;
  }

  @Override
  public void image(String path, byte[] data) {
    byte[] pixels;
    try {
      pixels = SquareImages.convert(ImageDecoder.decode(data), size, channels);
    } catch (ImageDecoder.UndecodableException e) {
      skip(path, e.getMessage());
      return;
    } catch (RuntimeException e) {
      // A decoded image whose colour model Java2D cannot convert to RGB: one bad file, not a bug
      // worth stopping a long load for.
      skip(path, "cannot convert the decoded image: " + e);
      return;
    }
    skipped.remove(path);
    images.put(path, pixels);
    checkTotalSize();
  }

  @Override
  public void skip(String path, String reason) {
    images.remove(path);
    skipped.put(path, reason);
  }

  /** Converted images by path, in path order. */
  SortedMap<String, byte[]> images() {
    return images;
  }

  /** Skipped files by path, with the reason, in path order. */
  SortedMap<String, String> skipped() {
    return skipped;
  }

  /** Images and skips together: every file that counted. */
  int total() {
    return images.size() + skipped.size();
  }

  /** "path: reason" of the first skip by path, for the warning. */
  String firstSkip() {
    Map.Entry<String, String> first = skipped.entrySet().iterator().next();
    return first.getKey() + ": " + first.getValue();
  }

  // One Java array holds the whole set (ImageDataset), so stop before decoding past its limit.
  private void checkTotalSize() {
    long bytes = (long) images.size() * size * size * channels;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new BadInputException(
          source
              + ": "
              + images.size()
              + " images of "
              + size
              + "x"
              + size
              + "x"
              + channels
              + " exceed the 2 GB an in-memory data set holds; use a smaller size or fewer"
              + " images");
    }
  }
}
