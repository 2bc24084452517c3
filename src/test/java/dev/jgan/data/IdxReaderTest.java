package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  private static void assertPattern(IdxImages images, int count, int rows, int cols) {
    assertEquals(count, images.count());
    assertEquals(rows, images.rows());
    assertEquals(cols, images.cols());
    assertEquals(count * rows * cols, images.pixels().length);
    for (int i = 0; i < images.pixels().length; i++) {
      assertEquals(TestFiles.pixel(i), images.pixels()[i] & 0xff, "pixel " + i);
    }
  }

  @Test
  void readsRawImagesAndLabels() throws Exception {
    IdxImages images =
        IdxReader.readImages(new ByteArrayInputStream(TestFiles.images(3, 4, 5)), "x");
    assertPattern(images, 3, 4, 5);
    // Spot check against the formula by hand: pixel 7 is (7*37+11) & 0xff = 270 & 0xff = 14,
    // pixel 20 is 751 & 0xff = 239 (above 127: must not come back negative).
    assertEquals(14, images.pixels()[7] & 0xff);
    assertEquals(239, images.pixels()[20] & 0xff);

    IdxLabels labels = IdxReader.readLabels(new ByteArrayInputStream(TestFiles.labels(4)), "y");
    assertEquals(4, labels.count());
    assertArrayEquals(new byte[] {0, 3, 6, 9}, labels.labels());
  }

  @Test
  void readsPlainGzAndArchiveMembers() throws Exception {
    byte[] raw = TestFiles.images(2, 3, 3);
    Path plain = TestFiles.write(dir.resolve("train-images-idx3-ubyte"), raw);
    Path gz = TestFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(raw));
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("package/README.md", "hello".getBytes());
    members.put("package/data/train-images-idx3-ubyte", raw);
    members.put("package/data/t10k-images-idx3-ubyte.gz", TestFiles.gzip(raw));
    Path tgz = TestFiles.tar(dir.resolve("data.tgz"), members);
    Path tar = TestFiles.tar(dir.resolve("data.tar"), members);

    assertPattern(IdxSource.of(plain).readImages(), 2, 3, 3);
    assertPattern(IdxSource.of(gz).readImages(), 2, 3, 3);
    for (Path archive : List.of(tgz, tar)) {
      assertEquals(List.copyOf(members.keySet()), TarArchives.fileMembers(archive));
      IdxSource rawMember = IdxSource.member(archive, "package/data/train-images-idx3-ubyte");
      IdxSource gzMember = IdxSource.member(archive, "package/data/t10k-images-idx3-ubyte.gz");
      assertEquals("train-images-idx3-ubyte", rawMember.name());
      assertEquals(archive + "!package/data/t10k-images-idx3-ubyte.gz", gzMember.describe());
      assertPattern(rawMember.readImages(), 2, 3, 3);
      assertPattern(gzMember.readImages(), 2, 3, 3);
    }
  }

  @Test
  void wrongMagicNamesFileAndBothMagics() throws Exception {
    Path labelsAsImages = TestFiles.write(dir.resolve("imgs"), TestFiles.labels(5));
    BadInputException e =
        assertThrows(BadInputException.class, () -> IdxSource.of(labelsAsImages).readImages());
    assertMessage(e, labelsAsImages.toString(), "magic number 2049", "expected 2051");

    Path imagesAsLabels = TestFiles.write(dir.resolve("lbls"), TestFiles.images(1, 2, 2));
    e = assertThrows(BadInputException.class, () -> IdxSource.of(imagesAsLabels).readLabels());
    assertMessage(e, imagesAsLabels.toString(), "magic number 2051", "expected 2049");
  }

  @Test
  void truncatedDataReportsExpectedAndActualBytes() throws Exception {
    byte[] full = TestFiles.images(3, 4, 5); // 16 header + 60 data bytes
    Path cut = TestFiles.write(dir.resolve("cut"), Arrays.copyOf(full, 16 + 50));
    BadInputException e =
        assertThrows(BadInputException.class, () -> IdxSource.of(cut).readImages());
    assertMessage(e, cut.toString(), "truncated", "3 x 4 x 5 = 60 data bytes", "only 50");
  }

  @Test
  void headerDeclaringMoreImagesThanStoredIsRejected() throws Exception {
    byte[] data = TestFiles.images(3, 4, 5);
    ByteBuffer.wrap(data).putInt(4, 4); // header claims 4 images, file holds 3
    Path file = TestFiles.write(dir.resolve("more"), data);
    BadInputException e =
        assertThrows(BadInputException.class, () -> IdxSource.of(file).readImages());
    assertMessage(e, file.toString(), "4 x 4 x 5 = 80 data bytes", "only 60");
  }

  @Test
  void headerDeclaringFewerItemsThanStoredIsRejected() throws Exception {
    byte[] data = TestFiles.labels(10);
    ByteBuffer.wrap(data).putInt(4, 7); // header claims 7 labels, file holds 10
    Path file = TestFiles.write(dir.resolve("fewer.gz"), TestFiles.gzip(data));
    BadInputException e =
        assertThrows(BadInputException.class, () -> IdxSource.of(file).readLabels());
    assertMessage(e, file.toString(), "3 extra bytes after the 7 data bytes");
  }

  @Test
  void truncatedHeaderAndZeroDimensionAreRejected() throws Exception {
    Path shortHeader =
        TestFiles.write(dir.resolve("short"), Arrays.copyOf(TestFiles.images(1, 2, 2), 10));
    assertMessage(
        assertThrows(BadInputException.class, () -> IdxSource.of(shortHeader).readImages()),
        shortHeader.toString(),
        "ends inside the IDX header");

    byte[] zeroRows = TestFiles.images(1, 2, 2);
    ByteBuffer.wrap(zeroRows).putInt(8, 0);
    Path zero = TestFiles.write(dir.resolve("zero"), zeroRows);
    assertMessage(
        assertThrows(BadInputException.class, () -> IdxSource.of(zero).readImages()),
        zero.toString(),
        "row count 0");
  }

  @Test
  void gzNameOnNonGzipDataIsRejected() throws Exception {
    Path fake = TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TestFiles.labels(3));
    BadInputException e =
        assertThrows(BadInputException.class, () -> IdxSource.of(fake).readLabels());
    assertMessage(e, fake.toString(), "not a gzip file", "bad magic 0x0000");
  }

  @Test
  void truncatedGzipIsReportedAsDamaged() throws Exception {
    byte[] gz = TestFiles.gzip(TestFiles.images(20, 10, 10));
    Path cut = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
    BadInputException e =
        assertThrows(BadInputException.class, () -> IdxSource.of(cut).readImages());
    assertMessage(e, cut.toString());
  }

  static void assertMessage(Exception e, String... parts) {
    String message = e.getMessage();
    assertTrue(!message.contains("\n"), "one line: " + message);
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }
  }
}
