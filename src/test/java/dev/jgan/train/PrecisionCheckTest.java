package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import dev.jgan.runtime.CpuFeatures;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrecisionCheckTest {
  private static final CpuFeatures AVX2 = new CpuFeatures(Set.of("avx2", "fma"));
  private static final CpuFeatures SKYLAKE = new CpuFeatures(Set.of("avx2", "fma", "avx512f"));
  private static final CpuFeatures SAPPHIRE_RAPIDS =
      new CpuFeatures(Set.of("avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16"));

  @Test
  void anAvx2CpuIsRefusedWithTheReasonAndTheFix() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> PrecisionCheck.bfloat16(false, AVX2));
    assertTrue(e.getMessage().contains("needs a CPU with AVX-512"), e.getMessage());
    assertTrue(e.getMessage().contains("avx2 fma"), e.getMessage());
    assertTrue(e.getMessage().endsWith("use --precision float32"), e.getMessage());
  }

  @Test
  void avx512WithoutBfloat16InstructionsIsAWarning() {
    assertTrue(PrecisionCheck.bfloat16(false, SKYLAKE).orElseThrow().contains("emulates"));
  }

  @Test
  void bfloat16HardwareIsQuiet() {
    assertEquals(Optional.empty(), PrecisionCheck.bfloat16(false, SAPPHIRE_RAPIDS));
  }

  @Test
  void onAGpuTheCpuDoesNotMatterButTheUserIsTold() {
    assertTrue(PrecisionCheck.bfloat16(true, AVX2).orElseThrow().contains("stay float32"));
  }
}
