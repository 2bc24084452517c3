package dev.jgan.cli;

import dev.jgan.runtime.Doctor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gan doctor}: what this machine and build can run on, and why not on a GPU. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Report the Java and TensorFlow versions, which native build is loaded (CPU or GPU), the"
          + " devices TensorFlow sees, the NVIDIA driver and CUDA/cuDNN libraries found, and the"
          + " thread settings. The last line is the verdict: the usable GPUs, or why there is none.",
      "Exit codes: 0 report printed; 1 --require-gpu and no GPU is usable (the reason is printed)."
    })
public final class DoctorCommand implements Callable<Integer> {

  @Option(
      names = "--require-gpu",
      description =
          "Exit 1, with the reason on stderr, unless TensorFlow can use a GPU (for scripts and"
              + " 'docker run --gpus all IMAGE doctor --require-gpu')")
  boolean requireGpu;

  @Override
  public Integer call() {
    Doctor.Report report = Doctor.inspect();
    report.lines().forEach(System.out::println);
    if (requireGpu && !report.gpuUsable()) {
      System.err.println("error: no usable GPU: " + String.join("; ", report.whyNoGpu()));
      return GanCli.EXIT_FAILURE;
    }
    return 0;
  }
}
