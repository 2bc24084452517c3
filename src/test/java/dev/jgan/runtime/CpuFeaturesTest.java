package dev.jgan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuFeaturesTest {
  @TempDir Path dir;

  @Test
  void anAvx2CpuHasNoBfloat16() throws Exception {
    CpuFeatures cpu = parse("flags\t\t: fpu sse sse2 avx f16c avx2 fma bmi2");
    assertFalse(cpu.bfloat16());
    assertEquals("avx2 fma; no bfloat16 instructions (avx512_bf16, amx_bf16)", cpu.describe());
  }

  @Test
  void aSapphireRapidsCpuHasBfloat16() throws Exception {
    CpuFeatures cpu = parse("flags\t: avx2 fma avx512f avx512_bf16 amx_bf16 amx_tile");
    assertTrue(cpu.bfloat16());
    assertEquals(
        "amx_bf16 avx512_bf16 avx512f avx2 fma; bfloat16 instructions present", cpu.describe());
  }

  @Test
  void thePrecisionNoteSaysWhatBfloat16DoesOnEachKindOfCpu() throws Exception {
    String avx2 = parse("flags\t: avx2 fma").precisionNote();
    String skylake = parse("flags\t: avx2 fma avx512f").precisionNote();
    String zen4 = parse("flags\t: avx2 fma avx512f avx512_bf16").precisionNote();
    for (String note : new String[] {avx2, skylake, zen4}) {
      assertTrue(note.startsWith("float32 (the default on every CPU); bfloat16 "), note);
    }
    assertTrue(avx2.contains("refused here"), avx2);
    assertTrue(skylake.contains("with a warning"), skylake);
    assertTrue(zen4.contains("BF16 kernels") && zen4.contains("worse per step"), zen4);
  }

  @Test
  void withoutCpuinfoNothingIsKnown() {
    CpuFeatures cpu = CpuFeatures.parse(dir.resolve("absent"));
    assertFalse(cpu.bfloat16());
    assertEquals("unknown (no /proc/cpuinfo)", cpu.describe());
  }

  private CpuFeatures parse(String flagsLine) throws Exception {
    Path file = dir.resolve("cpuinfo");
    Files.writeString(file, "processor\t: 0\nmodel name\t: Some CPU\n" + flagsLine + "\n\n");
    return CpuFeatures.parse(file);
  }
}
