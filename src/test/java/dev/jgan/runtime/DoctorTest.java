package dev.jgan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's verdict on faked hosts, and its readers of /proc, /dev and the library path. */
class DoctorTest {
  static final NativeRuntime.Device CPU =
      new NativeRuntime.Device("/job:localhost/replica:0/task:0/device:CPU:0", "CPU", 1 << 28);
  static final NativeRuntime.Device GPU =
      new NativeRuntime.Device("/job:localhost/replica:0/task:0/device:GPU:0", "GPU", 70L << 30);
  static final HostGpu NO_DRIVER = new HostGpu(Optional.empty(), List.of(), List.of(), true);
  static final HostGpu H100 =
      new HostGpu(
          Optional.of("NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15"),
          List.of("/dev/nvidia0"),
          List.of("NVIDIA H100 80GB HBM3"),
          true);

  static List<CudaLibraries.Found> libraries(String... missing) {
    return CudaLibraries.TENSORFLOW_2_16.stream()
        .map(
            lib ->
                List.of(missing).contains(lib.soname())
                    ? new CudaLibraries.Found(lib, Optional.empty(), List.of())
                    : new CudaLibraries.Found(
                        lib,
                        Optional.of(Path.of("/usr/lib/x86_64-linux-gnu", lib.soname())),
                        List.of()))
        .toList();
  }

  static Doctor.Report report(
      boolean cuda,
      List<NativeRuntime.Device> devices,
      HostGpu host,
      List<CudaLibraries.Found> libs,
      Map<String, String> env) {
    return new Doctor.Report(
        "17",
        "2.16.2",
        "1.0.0",
        cuda ? NativeRuntime.GPU_CLASSIFIER : NativeRuntime.CPU_CLASSIFIER,
        Optional.empty(),
        cuda,
        devices,
        Optional.empty(),
        host,
        libs,
        new Doctor.Threads(0, 0, 16, 4),
        new CpuFeatures(java.util.Set.of("avx2", "fma")),
        env);
  }

  @Test
  void cpuBuildWithoutDriverSaysBothPlainly() {
    Doctor.Report r =
        report(
            false, List.of(CPU), NO_DRIVER, libraries("libcuda.so.1", "libcudnn.so.8"), Map.of());
    assertFalse(r.gpuUsable());
    assertTrue(r.verdict().startsWith("CPU build, no GPU: "), r.verdict());
    assertTrue(r.verdict().contains("TensorFlow's CPU build"), r.verdict());
    assertTrue(r.verdict().contains("no NVIDIA driver"), r.verdict());
    assertTrue(r.verdict().contains("--gpus all"), r.verdict());
    assertTrue(r.verdict().contains("libcuda.so.1, libcudnn.so.8"), r.verdict());
    assertTrue(r.lines().get(r.lines().size() - 1).startsWith("verdict"), r.lines().toString());
  }

  @Test
  void gpuBuildWithAGpuDeviceIsUsable() {
    Doctor.Report r = report(true, List.of(CPU, GPU), H100, libraries(), Map.of());
    assertTrue(r.gpuUsable());
    assertEquals(List.of(), r.whyNoGpu());
    assertEquals("GPU build, 1 GPU usable: gpu:0 (NVIDIA H100 80GB HBM3)", r.verdict());
    assertTrue(
        r.lines().stream().anyMatch(l -> l.startsWith("--device auto") && l.contains("GPU:")),
        r.lines().toString());
  }

  @Test
  void gpuBuildNamesTheMissingLibraryOrTheHidingVariable() {
    Doctor.Report noCudnn = report(true, List.of(CPU), H100, libraries("libcudnn.so.8"), Map.of());
    assertEquals("GPU build, no GPU: CUDA libraries not found: libcudnn.so.8", noCudnn.verdict());

    Doctor.Report hidden =
        report(true, List.of(CPU), H100, libraries(), Map.of("CUDA_VISIBLE_DEVICES", "-1"));
    assertTrue(hidden.verdict().contains("CUDA_VISIBLE_DEVICES='-1' hides every GPU"));

    Doctor.Report unknown = report(true, List.of(CPU), H100, libraries(), Map.of());
    assertTrue(unknown.verdict().contains("TF_CPP_MIN_LOG_LEVEL=0"), unknown.verdict());
  }

  @Test
  void aCpuQuotaBelowTheAffinityMaskIsPointedOut() {
    Doctor.Report r = report(false, List.of(CPU), NO_DRIVER, libraries(), Map.of());
    assertTrue(
        r.lines().stream().anyMatch(l -> l.contains("TF_NUM_INTRAOP_THREADS=4")),
        r.lines().toString());
  }

  @Test
  void countsCpuLists() {
    assertEquals(7, Doctor.countCpus("0-3,8,10-11"));
    assertEquals(1, Doctor.countCpus("0"));
    assertTrue(Doctor.affinityCpus() >= 1 || Doctor.affinityCpus() == -1);
  }

  @Test
  void readsTheDriverFromAFakeRoot(@TempDir Path root) throws Exception {
    assertFalse(HostGpu.inspect(root).driverLoaded());
    Files.createDirectories(root.resolve("proc/driver/nvidia/gpus/0000:01:00.0"));
    Files.writeString(
        root.resolve("proc/driver/nvidia/version"),
        "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15\nGCC version: 12\n");
    Files.writeString(
        root.resolve("proc/driver/nvidia/gpus/0000:01:00.0/information"),
        "Model: \t\t NVIDIA H100 80GB HBM3\nIRQ: 42\n");
    Files.createDirectories(root.resolve("dev"));
    for (String node : List.of("nvidia0", "nvidiactl", "nvidia-uvm", "nvidia1")) {
      Files.createFile(root.resolve("dev").resolve(node));
    }
    HostGpu host = HostGpu.inspect(root);
    assertEquals(
        Optional.of("NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15"),
        host.driverVersion());
    assertEquals(
        List.of(root.resolve("dev/nvidia0").toString(), root.resolve("dev/nvidia1").toString()),
        host.deviceNodes());
    assertEquals(List.of("NVIDIA H100 80GB HBM3"), host.gpuModels());
    assertFalse(host.inContainer());
  }

  @Test
  void findsLibrariesInTheLoadersOrderAndOtherVersions(@TempDir Path dir) throws Exception {
    Path ld = Files.createDirectories(dir.resolve("ld"));
    Path system = Files.createDirectories(dir.resolve("system"));
    Files.createFile(ld.resolve("libcudart.so.12"));
    Files.createFile(system.resolve("libcudart.so.12"));
    Files.createFile(system.resolve("libcudnn.so.9"));
    List<CudaLibraries.Library> libs =
        List.of(
            new CudaLibraries.Library("libcudart.so.12", "runtime"),
            new CudaLibraries.Library("libcublas.so.12", "blas"),
            new CudaLibraries.Library("libcudnn.so.8", "dnn"));
    Map<String, Path> cache = Map.of("libcublas.so.12", Path.of("/opt/cuda/libcublas.so.12"));
    List<CudaLibraries.Found> found =
        CudaLibraries.locate(
            libs, CudaLibraries.ldLibraryPath(":" + ld + ":"), cache, List.of(system));
    assertEquals(Optional.of(ld.resolve("libcudart.so.12")), found.get(0).path());
    assertEquals(Optional.of(Path.of("/opt/cuda/libcublas.so.12")), found.get(1).path());
    assertEquals(Optional.empty(), found.get(2).path());
    assertEquals(
        List.of(system.resolve("libcudnn.so.9").toRealPath()), found.get(2).otherVersions());
  }

  @Test
  void parsesLdconfigLines() {
    assertEquals(
        Optional.of(
            Map.entry("libcudart.so.13", Path.of("/usr/local/cuda-13.0/lib/libcudart.so.13"))),
        CudaLibraries.parseLdCacheLine(
            "\tlibcudart.so.13 (libc6,x86-64) => /usr/local/cuda-13.0/lib/libcudart.so.13"));
    assertEquals(
        Optional.empty(),
        CudaLibraries.parseLdCacheLine("\tlibfoo.so.1 (libc6) => /usr/lib32/libfoo.so.1"));
    assertEquals(Optional.empty(), CudaLibraries.parseLdCacheLine("1234 libs found in cache"));
  }
}
