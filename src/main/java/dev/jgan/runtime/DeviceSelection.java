package dev.jgan.runtime;

import dev.jgan.BadInputException;
import java.util.Comparator;
import java.util.List;

/**
 * Decides where ops run from what was asked ({@code --device}) and what the host offers: a pure
 * function, so every case is tested with a faked device list. {@link Devices} gathers the real
 * inputs.
 */
public final class DeviceSelection {
  /** Why a CPU-only native library can never use a GPU. */
  public static final String CPU_BUILD =
      "the native library is TensorFlow's CPU build (no CUDA kernels)";

  private DeviceSelection() {}

  /** {@link #select(DeviceRequest, boolean, List)} for a raw {@code --device} value. */
  public static DevicePlan select(String requested, boolean cudaBuild, List<String> visibleGpus) {
    return select(DeviceRequest.parse(requested), cudaBuild, visibleGpus);
  }

  /**
   * @param cudaBuild whether the loaded TensorFlow library has GPU kernels (the -Pgpu build)
   * @param visibleGpus the GPUs TensorFlow can use, as {@code gpu:N} in CUDA's numbering
   * @return the plan; {@code auto} never fails, {@code cpu} never looks at the host
   * @throws BadInputException when a GPU was asked for and this host or build cannot give it
   */
  public static DevicePlan select(
      DeviceRequest request, boolean cudaBuild, List<String> visibleGpus) {
    List<String> gpus =
        visibleGpus.stream()
            .distinct()
            .sorted(Comparator.comparingInt(DeviceSelection::ordinalOf))
            .toList();
    String flag = "--device " + request;
    switch (request.kind()) {
      case CPU:
        return DevicePlan.cpu(flag);
      case AUTO:
        if (!cudaBuild) {
          return DevicePlan.cpu(flag + ": " + CPU_BUILD);
        }
        if (gpus.isEmpty()) {
          return DevicePlan.cpu(flag + ": no GPU visible to TensorFlow");
        }
        return DevicePlan.gpu(ordinalOf(gpus.get(0)), flag + ": first visible GPU");
      case GPU:
      default:
        if (!cudaBuild) {
          throw new BadInputException(
              flag
                  + ": "
                  + CPU_BUILD
                  + "; build with 'mvn -Pgpu package' or use the GPU Docker image, or use"
                  + " --device auto or cpu");
        }
        if (gpus.isEmpty()) {
          throw new BadInputException(
              flag
                  + ": no GPU visible to TensorFlow (./gan doctor says why); use --device auto or"
                  + " cpu");
        }
        if (request.index() < 0) {
          return DevicePlan.gpu(ordinalOf(gpus.get(0)), flag + ": first visible GPU");
        }
        if (gpus.contains("gpu:" + request.index())) {
          return DevicePlan.gpu(request.index(), flag);
        }
        throw new BadInputException(
            flag
                + ": only "
                + gpus.size()
                + (gpus.size() == 1 ? " GPU" : " GPUs")
                + " visible ("
                + String.join(", ", gpus)
                + "); use --device auto or cpu");
    }
  }

  /** N of {@code gpu:N}; names of another form are a bug in the caller. */
  static int ordinalOf(String gpu) {
    if (!gpu.matches("gpu:[0-9]+")) {
      throw new IllegalArgumentException("not a gpu:N name: " + gpu);
    }
    return Integer.parseInt(gpu.substring(4));
  }
}
