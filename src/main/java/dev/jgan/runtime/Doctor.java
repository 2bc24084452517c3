package dev.jgan.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code gan doctor} reports: Java and TensorFlow versions, which native build is loaded, the
 * devices TensorFlow sees, the NVIDIA driver and CUDA libraries, thread settings, and in one line
 * whether a GPU is usable and why not.
 */
public final class Doctor {
  /**
   * Environment variables that change which GPUs, threads or kernels TensorFlow uses
   * (TF_ENABLE_ONEDNN_OPTS=1, set by ./gan and the Docker image, makes CPU convolutions 2-4x
   * faster).
   */
  static final List<String> ENVIRONMENT =
      List.of(
          "CUDA_VISIBLE_DEVICES",
          "NVIDIA_VISIBLE_DEVICES",
          "LD_LIBRARY_PATH",
          "TF_CPP_MIN_LOG_LEVEL",
          "TF_NUM_INTRAOP_THREADS",
          "TF_NUM_INTEROP_THREADS",
          "TF_ENABLE_ONEDNN_OPTS");

  /**
   * Thread pools: the session config's values (0 = TensorFlow picks one thread per CPU in the
   * process's affinity mask, unless TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS say otherwise).
   *
   * @param affinityCpus CPUs this process may run on (/proc/self/status), -1 when unknown
   * @param jvmProcessors what the JVM counts, which also honours a container's CPU quota
   */
  public record Threads(int intraOp, int interOp, int affinityCpus, int jvmProcessors) {}

  /**
   * Everything the doctor found.
   *
   * @param devices the devices of a Session with every GPU visible; empty when {@code sessionError}
   *     says why none could be created
   * @param environment the values of {@link #ENVIRONMENT} that are set
   */
  public record Report(
      String java,
      String tensorFlow,
      String tensorFlowJava,
      String nativeClassifier,
      Optional<Path> nativeLibrary,
      boolean cudaBuild,
      List<NativeRuntime.Device> devices,
      Optional<String> sessionError,
      HostGpu host,
      List<CudaLibraries.Found> libraries,
      Threads threads,
      CpuFeatures cpu,
      Map<String, String> environment) {

    public List<NativeRuntime.Device> gpus() {
      return devices.stream().filter(NativeRuntime.Device::isGpu).toList();
    }

    /** A GPU build that has a GPU device: what {@code --device auto} will use. */
    public boolean gpuUsable() {
      return cudaBuild && !gpus().isEmpty();
    }

    /** Each reason TensorFlow has no GPU here, most basic first; empty when one is usable. */
    public List<String> whyNoGpu() {
      List<String> reasons = new ArrayList<>();
      if (gpuUsable()) {
        return reasons;
      }
      if (!cudaBuild) {
        reasons.add(
            "the native library is TensorFlow's CPU build (tensorflow-core-native "
                + nativeClassifier
                + "); a GPU needs the -Pgpu build or the GPU Docker image");
      }
      if (!host.driverLoaded()) {
        reasons.add(
            "no NVIDIA driver: /proc/driver/nvidia/version is absent"
                + (host.deviceNodes().isEmpty() ? " and there is no /dev/nvidia0" : "")
                + (host.inContainer() ? " (start the container with --gpus all)" : ""));
      }
      List<String> missing =
          libraries.stream()
              .filter(f -> f.path().isEmpty())
              .map(f -> f.library().soname())
              .toList();
      if (!missing.isEmpty()) {
        List<String> others =
            libraries.stream()
                .flatMap(f -> f.otherVersions().stream())
                .map(p -> p.getFileName().toString())
                .distinct()
                .toList();
        reasons.add(
            "CUDA libraries not found: "
                + String.join(", ", missing)
                + (others.isEmpty() ? "" : " (found instead: " + String.join(", ", others) + ")"));
      }
      String visible = environment.get("CUDA_VISIBLE_DEVICES");
      if (visible != null && (visible.isBlank() || visible.trim().equals("-1"))) {
        reasons.add("CUDA_VISIBLE_DEVICES='" + visible + "' hides every GPU");
      }
      sessionError.ifPresent(e -> reasons.add("TensorFlow could not create a session: " + e));
      if (reasons.isEmpty()) {
        reasons.add(
            "TensorFlow found no GPU it can use although driver and libraries are present; its"
                + " warnings on stderr name the cause (TF_CPP_MIN_LOG_LEVEL=0 shows them all)");
      }
      return reasons;
    }

    /** One line: the build, and the usable GPUs or why there are none. */
    public String verdict() {
      String build = cudaBuild ? "GPU build" : "CPU build";
      if (gpuUsable()) {
        List<String> names = NativeRuntime.gpuNames(devices);
        return build
            + ", "
            + names.size()
            + (names.size() == 1 ? " GPU" : " GPUs")
            + " usable: "
            + String.join(", ", names)
            + (host.gpuModels().isEmpty() ? "" : " (" + String.join(", ", host.gpuModels()) + ")");
      }
      return build + ", no GPU: " + String.join("; ", whyNoGpu());
    }

    /** The report as printed, one fact per line. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add(row("java", java));
      out.add(row("tensorflow", tensorFlow + " (TensorFlow Java " + tensorFlowJava + ")"));
      out.add(
          row(
              "native",
              (cudaBuild ? "GPU build" : "CPU build")
                  + ": tensorflow-core-native "
                  + nativeClassifier
                  + (cudaBuild ? " (CUDA kernels compiled in)" : " (no GPU kernels)")));
      nativeLibrary.ifPresent(p -> out.add(row("", p.toString())));
      sessionError.ifPresent(e -> out.add(row("devices", "none: " + e)));
      for (int i = 0; i < devices.size(); i++) {
        NativeRuntime.Device d = devices.get(i);
        out.add(
            row(
                i == 0 ? "devices" : "",
                d.name() + " (" + d.type() + ", " + (d.memoryBytes() >> 20) + " MiB)"));
      }
      out.add(
          row(
              "driver",
              host.driverVersion().orElse("none: /proc/driver/nvidia/version is absent")
                  + "; device nodes: "
                  + (host.deviceNodes().isEmpty()
                      ? "none (/dev/nvidia0 ...)"
                      : String.join(" ", host.deviceNodes()))));
      out.add(
          row(
              "gpus",
              host.gpuModels().isEmpty()
                  ? "none listed in /proc/driver/nvidia/gpus"
                  : String.join(", ", host.gpuModels())));
      out.add(row("libraries", "TensorFlow 2.16's GPU build needs CUDA 12.3 and cuDNN 8.9:"));
      for (CudaLibraries.Found f : libraries) {
        String where =
            f.path().map(Path::toString).orElse("not found")
                + (f.otherVersions().isEmpty()
                    ? ""
                    : " (found instead: "
                        + f.otherVersions().stream()
                            .map(Path::toString)
                            .collect(Collectors.joining(", "))
                        + ")");
        out.add(
            row(
                "",
                String.format("%-18s %-18s %s", f.library().soname(), f.library().what(), where)));
      }
      String cpus = threads.affinityCpus() > 0 ? Integer.toString(threads.affinityCpus()) : "?";
      out.add(
          row(
              "threads",
              "intra-op "
                  + threads.intraOp()
                  + ", inter-op "
                  + threads.interOp()
                  + " (0 = TensorFlow's default: TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS"
                  + " if set, else one per CPU this process may run on: "
                  + cpus
                  + ")"));
      out.add(row("", "the JVM counts " + threads.jvmProcessors() + " processors" + quotaNote()));
      out.add(row("cpu", cpu.describe()));
      out.add(row("precision", cpu.precisionNote()));
      out.add(
          row(
              "environment",
              ENVIRONMENT.stream()
                  .map(k -> k + (environment.containsKey(k) ? "=" + environment.get(k) : " unset"))
                  .collect(Collectors.joining(", "))));
      out.add(
          row(
              "--device auto",
              DeviceSelection.select(DeviceRequest.AUTO, cudaBuild, NativeRuntime.gpuNames(devices))
                  .describe()));
      out.add(row("verdict", verdict()));
      return out;
    }

    private String quotaNote() {
      if (threads.affinityCpus() > threads.jvmProcessors()) {
        return "; a CPU quota limits this process to fewer CPUs than TensorFlow will start threads"
            + " for: set TF_NUM_INTRAOP_THREADS="
            + threads.jvmProcessors();
      }
      return "";
    }

    private static String row(String key, String value) {
      return String.format("%-14s%s", key, value);
    }
  }

  private Doctor() {}

  /** Looks at this process and machine: loads TensorFlow and opens a Session with every GPU. */
  public static Report inspect() {
    String version = NativeRuntime.tensorFlowVersion();
    boolean cuda = NativeRuntime.hasCudaKernels();
    List<NativeRuntime.Device> devices = List.of();
    Optional<String> error = Optional.empty();
    SessionOptions options = SessionOptions.processDefault();
    try {
      devices = NativeRuntime.listDevices(options.configProto());
    } catch (IllegalStateException e) {
      error = Optional.of(e.getMessage());
    }
    Map<String, String> env = new TreeMap<>();
    for (String key : ENVIRONMENT) {
      String value = System.getenv(key);
      if (value != null) {
        env.put(key, value);
      }
    }
    return new Report(
        System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ") at "
            + System.getProperty("java.home"),
        version,
        NativeRuntime.tensorFlowJavaVersion(),
        NativeRuntime.nativeClassifier(),
        NativeRuntime.tensorFlowLibrary(),
        cuda,
        devices,
        error,
        HostGpu.inspect(),
        CudaLibraries.locateForTensorFlow(),
        new Threads(
            options.configProto().getIntraOpParallelismThreads(),
            options.configProto().getInterOpParallelismThreads(),
            affinityCpus(),
            Runtime.getRuntime().availableProcessors()),
        CpuFeatures.ofThisMachine(),
        env);
  }

  /** The number of CPUs in /proc/self/status's Cpus_allowed_list ("0-3,8"), -1 if unknown. */
  static int affinityCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return countCpus(line.substring("Cpus_allowed_list:".length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Counts a CPU list such as {@code 0-3,8,10-11} (7). */
  static int countCpus(String list) {
    int count = 0;
    for (String part : list.split(",")) {
      String[] range = part.trim().split("-");
      count += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
    }
    return count;
  }
}
