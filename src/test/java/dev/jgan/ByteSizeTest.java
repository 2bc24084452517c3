package dev.jgan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 26: sizes in binary units everywhere, so a 2 MiB disk reads "2.0 MiB". */
class ByteSizeTest {
  @Test
  void binaryUnitsWithOneDecimal() {
    assertEquals("1023 bytes", ByteSize.of(1023));
    assertEquals("1.0 KiB", ByteSize.of(1024));
    assertEquals("2.0 MiB", ByteSize.of(2L << 20));
    assertEquals("1.5 GiB", ByteSize.of(3L << 29));
    assertEquals("5.7 TiB", ByteSize.of(2_000_000_000L * 784 * 4));
  }
}
