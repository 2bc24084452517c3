package dev.jgan.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The NVIDIA driver and GPUs as the Linux kernel shows them, read from /proc and /dev without
 * loading CUDA: enough to say why TensorFlow sees no GPU. Inside a container these files exist only
 * when it was started with GPUs ({@code docker run --gpus all}).
 *
 * @param driverVersion the first line of /proc/driver/nvidia/version, if the driver is loaded
 * @param deviceNodes /dev/nvidia0, /dev/nvidia1, ... (one per GPU this process may open)
 * @param gpuModels the Model line of each /proc/driver/nvidia/gpus/BUS/information
 * @param inContainer whether this runs in a Docker or Podman container
 */
public record HostGpu(
    Optional<String> driverVersion,
    List<String> deviceNodes,
    List<String> gpuModels,
    boolean inContainer) {

  /** Reads the real /proc and /dev. */
  public static HostGpu inspect() {
    return inspect(Path.of("/"));
  }

  /** Reads {@code root}/proc and {@code root}/dev (tests pass a fake root). */
  static HostGpu inspect(Path root) {
    Optional<String> version =
        readLines(root.resolve("proc/driver/nvidia/version")).stream()
            .findFirst()
            .map(String::trim);
    List<String> nodes =
        list(root.resolve("dev"))
            .filter(p -> p.getFileName().toString().matches("nvidia[0-9]+"))
            .map(Path::toString)
            .sorted()
            .toList();
    List<String> models =
        list(root.resolve("proc/driver/nvidia/gpus"))
            .sorted()
            .flatMap(bus -> readLines(bus.resolve("information")).stream())
            .filter(line -> line.startsWith("Model:"))
            .map(line -> line.substring("Model:".length()).trim())
            .toList();
    boolean container =
        Files.exists(root.resolve(".dockerenv")) || Files.exists(root.resolve("run/.containerenv"));
    return new HostGpu(version, nodes, models, container);
  }

  public boolean driverLoaded() {
    return driverVersion.isPresent();
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Stream<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
