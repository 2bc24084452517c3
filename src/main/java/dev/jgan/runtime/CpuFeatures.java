package dev.jgan.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The instruction sets of this CPU that decide how fast TensorFlow's oneDNN kernels can be: the
 * vector width for float32, and whether bfloat16 has hardware behind it. Read from the "flags" line
 * of /proc/cpuinfo (Linux; elsewhere nothing is known).
 */
public record CpuFeatures(Set<String> flags) {
  /** The flags worth naming, widest first. */
  private static final List<String> NOTABLE =
      List.of("amx_bf16", "avx512_bf16", "avx512f", "avx2", "fma");

  public static CpuFeatures ofThisMachine() {
    return parse(Path.of("/proc/cpuinfo"));
  }

  static CpuFeatures parse(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("flags")) {
          String values = line.substring(line.indexOf(':') + 1).trim();
          return new CpuFeatures(new LinkedHashSet<>(Arrays.asList(values.split("\\s+"))));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc hidden: nothing known.
    }
    return new CpuFeatures(Set.of());
  }

  /** AVX-512 foundation: what oneDNN needs for any bfloat16 kernel. */
  public boolean avx512() {
    return flags.contains("avx512f");
  }

  /**
   * Whether bfloat16 arithmetic has instructions here (AVX-512 BF16 or AMX): without them oneDNN's
   * bfloat16 mode cannot be faster than float32.
   */
  public boolean bfloat16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  /** E.g. "avx2 fma; no bfloat16 instructions (avx512_bf16, amx_bf16)". */
  public String describe() {
    if (flags.isEmpty()) {
      return "unknown (no /proc/cpuinfo)";
    }
    String present = String.join(" ", NOTABLE.stream().filter(flags::contains).toList());
    return (present.isEmpty() ? "none of " + NOTABLE : present)
        + (bfloat16()
            ? "; bfloat16 instructions present"
            : "; no bfloat16 instructions (avx512_bf16, amx_bf16)");
  }

  /**
   * What {@code --precision} does on this CPU. float32 is the default everywhere: on an AVX-512
   * BF16 CPU bfloat16 made dcgan-bn's README run no faster and worse per step (docs/PERFORMANCE.md,
   * "bfloat16 on AVX-512"), so there is no automatic choice of it.
   */
  public String precisionNote() {
    String bf16 =
        !avx512()
            ? "bfloat16 is refused here (no AVX-512: Eigen's bfloat16 kernels are ~15x slower)"
            : bfloat16()
                ? "bfloat16 runs here on oneDNN's BF16 kernels, but measured no faster for dcgan-bn"
                    + " and worse per step (docs/PERFORMANCE.md)"
                : "bfloat16 runs here with a warning (AVX-512 without BF16 or AMX instructions)";
    return "float32 (the default on every CPU); " + bf16;
  }
}
