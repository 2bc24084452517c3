package dev.jgan.train;

import dev.jgan.BadInputException;
import dev.jgan.runtime.CpuFeatures;
import java.util.Optional;

/**
 * Whether {@code --precision bfloat16} can pay off where the run is about to train. TensorFlow
 * rewrites the graph to bfloat16 on any CPU, but oneDNN has bfloat16 kernels only with AVX-512;
 * without it TensorFlow falls back to Eigen's bfloat16 kernels, which trained dcgan 15x slower than
 * float32 on this project's AVX2 machine (docs/PERFORMANCE.md). That is refused before a run
 * starts; the merely doubtful cases get a warning.
 */
final class PrecisionCheck {
  private PrecisionCheck() {}

  /**
   * @param onGpu whether the run's ops are placed on a GPU
   * @return a warning to log, or empty when bfloat16 has hardware behind it
   * @throws BadInputException on a CPU without AVX-512
   */
  static Optional<String> bfloat16(boolean onGpu, CpuFeatures cpu) {
    if (onGpu) {
      return Optional.of(
          "--precision bfloat16 is oneDNN's rewrite of CPU kernels: the GPU's ops stay float32");
    }
    if (!cpu.avx512()) {
      throw new BadInputException(
          "--precision bfloat16 needs a CPU with AVX-512 (oneDNN's bfloat16 kernels); this one"
              + " has "
              + cpu.describe()
              + ", where TensorFlow falls back to Eigen's bfloat16 kernels, about 15x slower than"
              + " float32 (docs/PERFORMANCE.md); use --precision float32");
    }
    if (!cpu.bfloat16()) {
      return Optional.of(
          "--precision bfloat16 on a CPU with "
              + cpu.describe()
              + ": oneDNN emulates bfloat16 with AVX-512, expect no speed-up");
    }
    return Optional.empty();
  }
}
