package dev.jgan.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the shared libraries that TensorFlow 2.16's GPU build opens at run time where the dynamic
 * loader would: LD_LIBRARY_PATH, the ld.so cache, the system library folders. TensorFlow opens them
 * with dlopen when it starts its GPU support, and skips the GPU when one is missing.
 */
public final class CudaLibraries {
  /** A library by the exact file name (soname) TensorFlow asks the loader for. */
  public record Library(String soname, String what) {}

  /**
   * Where a library was found.
   *
   * @param path the file the loader would open, if any
   * @param otherVersions files of the same library with another major version (e.g. CUDA 13's
   *     libcudart.so.13 when 12 is needed), or the right one outside the loader's path
   */
  public record Found(Library library, Optional<Path> path, List<Path> otherVersions) {}

  /**
   * TensorFlow 2.16 was built against CUDA 12.3 and cuDNN 8.9 (see the Dockerfile for the sources):
   * it needs the driver's libcuda.so.1 and these CUDA 12 / cuDNN 8 libraries.
   */
  public static final List<Library> TENSORFLOW_2_16 =
      List.of(
          new Library("libcuda.so.1", "NVIDIA driver"),
          new Library("libcudart.so.12", "CUDA 12 runtime"),
          new Library("libcublas.so.12", "cuBLAS 12"),
          new Library("libcublasLt.so.12", "cuBLASLt 12"),
          new Library("libcufft.so.11", "cuFFT (CUDA 12)"),
          new Library("libcusolver.so.11", "cuSOLVER (CUDA 12)"),
          new Library("libcusparse.so.12", "cuSPARSE 12"),
          new Library("libcudnn.so.8", "cuDNN 8"));

  /** The loader's default folders (x86-64 Debian/Ubuntu and RHEL layouts). */
  static final List<Path> SYSTEM_DIRS =
      Stream.of(
              "/lib/x86_64-linux-gnu",
              "/usr/lib/x86_64-linux-gnu",
              "/lib64",
              "/usr/lib64",
              "/lib",
              "/usr/lib")
          .map(Path::of)
          .toList();

  /** Usual CUDA install folders: a library only there is installed but not on the loader path. */
  static final List<Path> CUDA_DIRS =
      Stream.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib")
          .map(Path::of)
          .toList();

  private CudaLibraries() {}

  /** Looks for TensorFlow 2.16's libraries on this machine. */
  public static List<Found> locateForTensorFlow() {
    return locate(
        TENSORFLOW_2_16, ldLibraryPath(System.getenv("LD_LIBRARY_PATH")), ldCache(), SYSTEM_DIRS);
  }

  /**
   * Resolves each library in the loader's order: LD_LIBRARY_PATH, the ld.so cache, the system
   * folders.
   *
   * @param ldCache soname -> file, from {@code ldconfig -p}
   */
  static List<Found> locate(
      List<Library> libraries,
      List<Path> ldLibraryPath,
      Map<String, Path> ldCache,
      List<Path> systemDirs) {
    List<Path> searched = concat(ldLibraryPath, systemDirs);
    List<Found> found = new ArrayList<>();
    for (Library library : libraries) {
      String soname = library.soname();
      Optional<Path> path =
          firstIn(ldLibraryPath, soname)
              .or(() -> Optional.ofNullable(ldCache.get(soname)))
              .or(() -> firstIn(systemDirs, soname));
      found.add(
          new Found(
              library, path, path.isPresent() ? List.of() : others(library, searched, ldCache)));
    }
    return found;
  }

  private static Optional<Path> firstIn(List<Path> dirs, String soname) {
    return dirs.stream().map(d -> d.resolve(soname)).filter(Files::exists).findFirst();
  }

  /**
   * The same library under other major versions where we looked, and any version in CUDA_DIRS
   * (installed, but not where the loader looks).
   */
  private static List<Path> others(Library library, List<Path> dirs, Map<String, Path> ldCache) {
    String soname = library.soname();
    String stem = soname.substring(0, soname.lastIndexOf('.') + 1); // "libcudart.so."
    Set<Path> others = new LinkedHashSet<>();
    ldCache.forEach(
        (name, file) -> {
          if (isVersionOf(stem, name)) {
            others.add(realPath(file));
          }
        });
    for (Path dir : concat(dirs, CUDA_DIRS)) {
      try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
        files
            .filter(f -> isVersionOf(stem, f.getFileName().toString()))
            .map(CudaLibraries::realPath)
            .sorted()
            .forEach(others::add);
      } catch (IOException e) {
        // an unreadable folder holds nothing we can report
      }
    }
    return List.copyOf(others);
  }

  /** The file behind symlinks (CUDA installs link /usr/local/cuda to a versioned folder). */
  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file;
    }
  }

  /** Whether {@code name} is stem + a major version, e.g. libcudart.so.13 for libcudart.so. */
  private static boolean isVersionOf(String stem, String name) {
    return name.startsWith(stem) && name.substring(stem.length()).matches("[0-9]+");
  }

  /** LD_LIBRARY_PATH's folders. */
  static List<Path> ldLibraryPath(String value) {
    List<Path> dirs = new ArrayList<>();
    if (value != null) {
      for (String entry : value.split(":")) {
        if (!entry.isBlank()) {
          dirs.add(Path.of(entry));
        }
      }
    }
    return dirs;
  }

  /** soname -> file of the x86-64 entries of {@code ldconfig -p}; empty when it cannot run. */
  static Map<String, Path> ldCache() {
    Map<String, Path> cache = new LinkedHashMap<>();
    Optional<Path> ldconfig =
        Stream.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "/usr/bin/ldconfig")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();
    if (ldconfig.isEmpty()) {
      return cache;
    }
    try {
      Process p =
          new ProcessBuilder(ldconfig.get().toString(), "-p").redirectErrorStream(true).start();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          parseLdCacheLine(line).ifPresent(e -> cache.putIfAbsent(e.getKey(), e.getValue()));
        }
      }
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      return cache;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return cache;
  }

  /** {@code \tlibcudart.so.12 (libc6,x86-64) => /usr/lib/libcudart.so.12} -> (soname, file). */
  static Optional<Map.Entry<String, Path>> parseLdCacheLine(String line) {
    int arrow = line.indexOf(" => ");
    int paren = line.indexOf(" (");
    if (arrow < 0
        || paren < 0
        || paren > arrow
        || !line.substring(paren, arrow).contains("x86-64")) {
      return Optional.empty();
    }
    return Optional.of(
        Map.entry(line.substring(0, paren).trim(), Path.of(line.substring(arrow + 4).trim())));
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
