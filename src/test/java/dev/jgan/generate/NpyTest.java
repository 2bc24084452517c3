package dev.jgan.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  /** Checks a header against the NPY 1.0 spec and returns its dict text. */
  static String checkHeader(byte[] file) {
    assertEquals((byte) 0x93, file[0]);
    assertEquals("NUMPY", new String(file, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, file[6], "major version");
    assertEquals(0, file[7], "minor version");
    int headerLen = (file[8] & 0xff) | (file[9] & 0xff) << 8; // little-endian uint16
    int dataStart = 10 + headerLen;
    assertEquals(0, dataStart % 64, "data must start at a multiple of 64");
    String dict = new String(file, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(dict.endsWith("\n"), dict);
    assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': ("), dict);
    return dict;
  }

  @Test
  void headerIsAlignedForManyShapes() {
    for (long[] shape :
        new long[][] {{1}, {7}, {100, 28, 28, 1}, {123456789, 1024, 1024, 3}, {0, 5}}) {
      String dict = checkHeader(Npy.float32Header(shape));
      assertTrue(dict.contains("'shape': ("), dict);
    }
    assertTrue(checkHeader(Npy.float32Header(5)).contains("'shape': (5,), }"));
    assertTrue(checkHeader(Npy.float32Header(2, 3, 4, 1)).contains("'shape': (2, 3, 4, 1), }"));
  }

  @Test
  void readsWhatItWrites(@TempDir Path dir) throws Exception {
    float[] data = {1.5f, -2f, 0f, 3.25f, 7f, -0.125f};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(Npy.float32Header(2, 3));
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    bytes.write(buf.array());
    Path file = Files.write(dir.resolve("a.npy"), bytes.toByteArray());
    Npy.Array array = Npy.read(file);
    assertArrayEquals(new long[] {2, 3}, array.shape());
    assertArrayEquals(data, array.data(), 0f);

    byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 3);
    Path bad = Files.write(dir.resolve("b.npy"), truncated);
    assertThrows(BadInputException.class, () -> Npy.read(bad));
    Path notNpy = Files.writeString(dir.resolve("c.npy"), "hello");
    assertThrows(BadInputException.class, () -> Npy.read(notNpy));
  }
}
