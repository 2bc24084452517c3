package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a user's own images, a folder tree or a .zip/.tar/.tar.gz/.tgz archive of one, as square
 * training images: for training on data that is not MNIST without converting it first.
 *
 * <p>Images are the .png/.jpg/.jpeg files (any case) found recursively; other files are ignored,
 * and so are hidden files and folders. Labels come from first-level sub-folders (see {@link
 * ClassLayout}). Each image is composited on white, centre-cropped to a square and resized (see
 * {@link SquareImages}); the result is in path order. Archives are read as streams, never
 * extracted, and symbolic links are never followed.
 *
 * <p>Bad files do not stop the load: undecodable images, images over 50 megapixels, links and
 * archive members with absolute or ".." paths are skipped, counted, and reported in one warning.
 * What stops it, with a {@link BadInputException}: a missing or unsupported source, a truncated or
 * corrupt tar or zip, no usable image at all, more than 256 classes.
 *
 * <p>The result is cached under {@code <cacheRoot>/folders/}; see {@link ImageFolderCache}.
 */
public final class ImageFolders {
  private static final Logger log = LoggerFactory.getLogger(ImageFolders.class);

  /** Largest output side: beyond it an in-memory uint8 data set holds too few images to train. */
  public static final int MAX_SIZE = 1024;

  private ImageFolders() {}

  /**
   * {@link #load(Path, int, int, Path)} with the cache in {@link DatasetFetcher#defaultCacheRoot}.
   */
  public static ImageFolderData load(Path source, int size, int channels) {
    return load(source, size, channels, DatasetFetcher.defaultCacheRoot());
  }

  /**
   * Loads {@code source} as {@code size x size} images with {@code channels} channels (3 = RGB, 1 =
   * grayscale), reading the cache file in {@code cacheRoot} when one matches.
   */
  public static ImageFolderData load(Path source, int size, int channels, Path cacheRoot) {
    if (size < 1 || size > MAX_SIZE || (channels != 1 && channels != 3)) {
      throw new BadInputException(
          "image size "
              + size
              + " with "
              + channels
              + " channels: the size must be 1.."
              + MAX_SIZE
              + " and the channels 1 (grayscale) or 3 (RGB)");
    }
    ImageSourceFormat format = ImageSourceFormat.of(source);
    Path real = realPath(source);
    String name = format.baseName(source.toAbsolutePath().normalize());
    FolderListing listing = format == ImageSourceFormat.FOLDER ? scan(real) : null;
    Path cacheFile = ImageFolderCache.fileFor(cacheRoot, real, listing, size, channels);
    Optional<ImageFolderCache.Entry> cached =
        ImageFolderCache.lookup(cacheFile, source, size, channels);
    if (cached.isPresent()) {
      return toData(name, cached.get());
    }
    ImageCollector collector = new ImageCollector(source, size, channels);
    readAll(source, real, format, listing, collector);
    ImageFolderCache.Entry entry = assemble(source, name, size, channels, collector);
    ImageFolderCache.store(cacheFile, entry);
    return toData(name, entry);
  }

  private static void readAll(
      Path source,
      Path real,
      ImageSourceFormat format,
      FolderListing listing,
      ImageEntries.Visitor visitor) {
    if (format == ImageSourceFormat.FOLDER) {
      listing.visit(visitor);
      return;
    }
    try {
      if (format == ImageSourceFormat.ZIP) {
        ZipImageReader.read(real, visitor);
      } else {
        TarImageReader.read(real, visitor);
      }
    } catch (FileSystemException e) {
      throw new BadInputException(
          source + ": cannot open the archive (" + e + "); check the path and permissions", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadInputException bad) {
        throw bad;
      }
      // Commons Compress also reports malformed headers with runtime exceptions.
      throw new BadInputException(
          source + ": the archive is truncated or corrupt (" + e + "); download or create it again",
          e);
    }
  }

  /** Labels the collected images and packs them in path order; reports skips in one warning. */
  private static ImageFolderCache.Entry assemble(
      Path source, String name, int size, int channels, ImageCollector collector) {
    ClassLayout layout = ClassLayout.of(collector.images().keySet(), name, source);
    for (String path : layout.unlabelled()) {
      collector.skip(path, "image at the top level next to class folders; move it into one");
    }
    Map<String, byte[]> images = collector.images();
    int skipped = collector.skipped().size();
    if (images.isEmpty()) {
      throw new BadInputException(
          source
              + ": no usable image"
              + (skipped > 0
                  ? " (" + skipped + " skipped, first: " + collector.firstSkip() + ")"
                  : "")
              + "; expected .png, .jpg or .jpeg files, directly inside or in one sub-folder per"
              + " class");
    }
    int imageSize = size * size * channels;
    byte[] pixels = new byte[images.size() * imageSize];
    byte[] labels = new byte[images.size()];
    int i = 0;
    for (Map.Entry<String, byte[]> image : images.entrySet()) {
      labels[i] = (byte) layout.label(image.getKey());
      System.arraycopy(image.getValue(), 0, pixels, i * imageSize, imageSize);
      i++;
    }
    log.info(
        "{}: decoded {} images, {} classes", source, images.size(), layout.classNames().size());
    if (skipped > 0) {
      log.warn(
          "{}: skipped {} of {} files that could not be used (first: {})",
          source,
          skipped,
          collector.total(),
          collector.firstSkip());
    }
    return new ImageFolderCache.Entry(size, channels, layout.classNames(), labels, pixels, skipped);
  }

  private static ImageFolderData toData(String name, ImageFolderCache.Entry e) {
    ImageDataset data =
        new ImageDataset(name, e.size(), e.size(), e.channels(), e.pixels(), e.labels());
    return new ImageFolderData(data, e.classNames(), e.skipped());
  }

  private static Path realPath(Path source) {
    try {
      return source.toRealPath();
    } catch (IOException e) {
      throw new BadInputException(
          source + ": cannot read (" + e + "); check the path and permissions", e);
    }
  }

  private static FolderListing scan(Path folder) {
    try {
      return FolderListing.scan(folder);
    } catch (IOException e) {
      throw new BadInputException(
          folder + ": cannot list the folder (" + e + "); check its permissions", e);
    }
  }
}
