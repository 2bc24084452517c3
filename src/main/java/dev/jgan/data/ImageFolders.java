package dev.jgan.data;

import dev.jgan.BadInputException;
import dev.jgan.FileTrees;
import dev.jgan.WriteFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
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
 * <p>The first load decodes every image on all cores into a store of fixed-size records on disk,
 * under {@code <cacheRoot>/folders/} (see {@link ImageFolderCache}, {@link StoreIndex}); training
 * reads it through memory mappings ({@link MappedImageSet}), so the set is bounded by the disk, not
 * the heap. The disk's free space is checked before decoding when the image count is known (folders
 * and zips). An archive or a file that changes while it is read stops the load (docs/DATA.md).
 */
public final class ImageFolders {
  private static final Logger log = LoggerFactory.getLogger(ImageFolders.class);

  /** Largest output side: 3 MB per RGB image already. */
  public static final int MAX_SIZE = 1024;

  /**
   * Shard files of 1 GiB: each is one memory mapping (at most 2 GB), and a few hundred thousand
   * 64x64 images make a handful of files.
   */
  static final long SHARD_BYTES = 1L << 30;

  private ImageFolders() {}

  /**
   * {@link #load(Path, int, int, Path)} with the cache in {@link DatasetFetcher#defaultCacheRoot}.
   */
  public static ImageFolderData load(Path source, int size, int channels) {
    return load(source, size, channels, DatasetFetcher.defaultCacheRoot());
  }

  /**
   * Loads {@code source} as {@code size x size} images with {@code channels} channels (3 = RGB, 1 =
   * grayscale), opening the decoded store in {@code cacheRoot} when one matches, else decoding the
   * source into a new one first.
   */
  public static ImageFolderData load(Path source, int size, int channels, Path cacheRoot) {
    return load(source, size, channels, cacheRoot, SHARD_BYTES);
  }

  /** {@link #load(Path, int, int, Path)} with shards of {@code shardBytes} (tests: tiny shards). */
  static ImageFolderData load(
      Path source, int size, int channels, Path cacheRoot, long shardBytes) {
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
    Path store = storeFor(cacheRoot, source, real, listing, size, channels);
    Optional<MappedImageSet> cached = ImageFolderCache.open(store, source, name, size, channels);
    if (cached.isEmpty()) {
      build(store, source, real, format, listing, size, channels, shardBytes);
      cached = ImageFolderCache.open(store, source, name, size, channels);
    }
    MappedImageSet set =
        cached.orElseThrow(() -> new IllegalStateException("the store just written is unreadable"));
    return new ImageFolderData(set, set.classNames(), set.skipped());
  }

  /**
   * Decodes {@code source} into a new store at {@code store}: written in a staging folder and
   * renamed into place once complete, so a killed or failed pass leaves nothing half-written.
   */
  private static void build(
      Path store,
      Path source,
      Path real,
      ImageSourceFormat format,
      FolderListing listing,
      int size,
      int channels,
      long shardBytes) {
    int recordBytes = size * size * channels;
    long expected = expectedImages(source, real, format, listing);
    if (expected >= 0) {
      DiskSpace.require(
          store.getParent(), expected * recordBytes + StoreIndex.bytesFor(expected), source);
    }
    ArchiveStamp stamp = format == ImageSourceFormat.FOLDER ? null : ArchiveStamp.of(real);
    int perShard = StoreWriter.recordsPerShard(shardBytes, recordBytes);
    int threads = Runtime.getRuntime().availableProcessors();
    DecodeProgress progress = new DecodeProgress(source, expected, System::nanoTime);
    try {
      FileTrees.writeFolder(
          store,
          staging -> {
            try (StoreWriter writer =
                    new StoreWriter(staging, recordBytes, perShard, expected, source);
                ParallelDecoder decoder =
                    new ParallelDecoder(size, channels, writer, progress, threads)) {
              readAll(source, real, format, listing, decoder);
              decoder.finish();
              if (stamp != null) {
                stamp.checkUnchanged(source);
              }
              StoreIndex index = assemble(source, format, size, channels, decoder, writer);
              index.write(staging.resolve(StoreIndex.FILE_NAME));
              log.info(
                  "{}: decoded {} images in {} ({} images/s on {} threads) into {} ({} per"
                      + " image)",
                  source,
                  index.labels().length,
                  DecodeProgress.duration(progress.seconds()),
                  Math.round(progress.rate()),
                  threads,
                  store,
                  recordBytes + " bytes");
            }
          });
    } catch (UncheckedIOException e) {
      throw WriteFailedException.of(store, WriteFailedException.UNKNOWN, e.getCause());
    } catch (IOException e) {
      throw WriteFailedException.of(store, WriteFailedException.UNKNOWN, e);
    }
  }

  /** Images a source will give at most, when known before reading it (-1 for a tar). */
  private static long expectedImages(
      Path source, Path real, ImageSourceFormat format, FolderListing listing) {
    if (listing != null) {
      return listing.readableCount();
    }
    if (format == ImageSourceFormat.ZIP) {
      try {
        return ZipImageReader.countImages(real);
      } catch (IOException | RuntimeException e) {
        // Reading it properly reports the problem.
        return -1;
      }
    }
    return -1;
  }

  private static Path storeFor(
      Path cacheRoot, Path source, Path real, FolderListing listing, int size, int channels) {
    try {
      return ImageFolderCache.storeFor(cacheRoot, real, listing, size, channels);
    } catch (IOException e) {
      throw new BadInputException(
          source + ": cannot read (" + e + "); check the path and permissions", e);
    }
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
      if (e instanceof BadInputException || e instanceof UncheckedIOException) {
        throw (RuntimeException) e;
      }
      // Commons Compress also reports malformed headers with runtime exceptions.
      throw new BadInputException(
          source + ": the archive is truncated or corrupt (" + e + "); download or create it again",
          e);
    }
  }

  /**
   * Labels the decoded images, orders their records by path and closes the shards; reports skips in
   * one warning.
   */
  private static StoreIndex assemble(
      Path source,
      ImageSourceFormat format,
      int size,
      int channels,
      ParallelDecoder decoder,
      StoreWriter writer)
      throws IOException {
    String name = format.baseName(source.toAbsolutePath().normalize());
    ClassLayout layout = ClassLayout.of(decoder.images().keySet(), name, source);
    for (String path : layout.unlabelled()) {
      decoder.skipLater(path, "image at the top level next to class folders; move it into one");
    }
    Map<String, Integer> images = decoder.images();
    int skipped = decoder.skipped().size();
    if (images.isEmpty()) {
      throw new BadInputException(
          source
              + ": no usable image"
              + (skipped > 0
                  ? " (" + skipped + " skipped, first: " + decoder.firstSkip() + ")"
                  : "")
              + "; expected .png, .jpg or .jpeg files, directly inside or in one sub-folder per"
              + " class");
    }
    byte[] labels = new byte[images.size()];
    int[] slots = new int[images.size()];
    int i = 0;
    for (Map.Entry<String, Integer> image : images.entrySet()) {
      labels[i] = (byte) layout.label(image.getKey());
      slots[i] = image.getValue();
      i++;
    }
    if (skipped > 0) {
      log.warn(
          "{}: skipped {} of {} files that could not be used (first: {})",
          source,
          skipped,
          decoder.total(),
          decoder.firstSkip());
    }
    List<StoreIndex.Shard> shards = writer.finish();
    return new StoreIndex(
        size,
        channels,
        skipped,
        layout.classNames(),
        writer.recordsPerShard(),
        shards,
        labels,
        slots);
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
