package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFoldersTest {
  private static final int WHITE = 0xffffffff;
  private static final int RED = 0xffff0000;
  private static final int GREEN = 0xff00ff00;
  private static final int BLUE = 0xff0000ff;

  @TempDir Path dir;

  /**
   * Two classes. In path order: cats/alpha.png, cats/wide.png, dogs/Tall.PNG, dogs/gray.jpg ('T'
   * sorts before 'b' and 'g'); dogs/broken.png is skipped; the rest is ignored.
   */
  static Map<String, byte[]> sampleTree() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    // 8x8: left half transparent, right half opaque blue on top, half-transparent red below.
    BufferedImage alpha = TestImages.solid(8, 8, BufferedImage.TYPE_INT_ARGB, 0x00000000);
    TestImages.fill(alpha, 4, 0, 4, 4, BLUE);
    TestImages.fill(alpha, 4, 4, 4, 4, 0x80ff0000);
    files.put("cats/alpha.png", TestImages.png(alpha));
    // 40x20: red | green | blue quarters; the centre square is x = 10..29, all green.
    BufferedImage wide = TestImages.solid(40, 20, BufferedImage.TYPE_INT_RGB, GREEN);
    TestImages.fill(wide, 0, 0, 10, 20, RED);
    TestImages.fill(wide, 30, 0, 10, 20, BLUE);
    files.put("cats/wide.png", TestImages.png(wide));
    // The same turned upright, with an upper-case extension.
    BufferedImage tall = TestImages.solid(20, 40, BufferedImage.TYPE_INT_RGB, GREEN);
    TestImages.fill(tall, 0, 0, 20, 10, RED);
    TestImages.fill(tall, 0, 30, 20, 10, BLUE);
    files.put("dogs/Tall.PNG", TestImages.png(tall));
    BufferedImage gray = TestImages.solid(16, 16, BufferedImage.TYPE_BYTE_GRAY, WHITE);
    gray.getRaster().setSamples(0, 0, 16, 16, 0, filled(256, 100));
    files.put("dogs/gray.jpg", TestImages.jpeg(gray));
    files.put("dogs/broken.png", TestImages.garbage(300, 1));
    files.put("dogs/notes.txt", "not an image".getBytes());
    files.put("__MACOSX/cats/._alpha.png", TestImages.garbage(80, 2));
    files.put("cats/.thumb.png", TestImages.garbage(80, 3));
    return files;
  }

  private static int[] filled(int length, int value) {
    int[] values = new int[length];
    java.util.Arrays.fill(values, value);
    return values;
  }

  private ImageFolderData load(Path source, int size, int channels) {
    return ImageFolders.load(source, size, channels, dir.resolve("cache"));
  }

  private static int[] rgb(ImageSet data, int image, int y, int x) {
    return new int[] {
      data.pixel(image, y, x, 0), data.pixel(image, y, x, 1), data.pixel(image, y, x, 2)
    };
  }

  @Test
  void convertsCompositesCropsAndLabelsARgbFolder() throws IOException {
    ImageFolderData result = load(TestImages.tree(dir.resolve("tree"), sampleTree()), 8, 3);
    ImageSet data = result.data();

    assertEquals(List.of("cats", "dogs"), result.classNames());
    assertEquals(1, result.skipped()); // dogs/broken.png; notes.txt and hidden files do not count
    assertEquals(4, data.size());
    assertEquals("tree", data.name());
    assertEquals(8, data.height());
    assertEquals(8, data.width());
    assertEquals(3, data.channels());
    assertArrayEquals(new byte[] {0, 0, 1, 1}, TestImages.labels(data));

    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        int[] expected =
            x < 4
                ? new int[] {255, 255, 255}
                : y < 4 ? new int[] {0, 0, 255} : new int[] {255, 127, 127};
        assertArrayEquals(expected, rgb(data, 0, y, x), "alpha at " + y + "," + x);
        assertArrayEquals(new int[] {0, 255, 0}, rgb(data, 1, y, x), "wide at " + y + "," + x);
        assertArrayEquals(new int[] {0, 255, 0}, rgb(data, 2, y, x), "tall at " + y + "," + x);
        int[] gray = rgb(data, 3, y, x);
        assertEquals(gray[0], gray[1]);
        assertEquals(gray[0], gray[2]);
        assertTrue(Math.abs(gray[0] - 100) <= 2, "gray JPEG reads as " + gray[0]);
      }
    }
  }

  @Test
  void oneChannelIsLuma() throws IOException {
    ImageSet data = load(TestImages.tree(dir.resolve("tree"), sampleTree()), 4, 1).data();
    assertEquals(1, data.channels());
    assertEquals(255, data.pixel(0, 0, 0, 0)); // transparent -> white
    assertEquals(29, data.pixel(0, 0, 3, 0)); // blue: 0.114 * 255
    assertEquals(165, data.pixel(0, 3, 3, 0)); // (255, 127, 127)
    assertEquals(150, data.pixel(1, 2, 2, 0)); // green: 0.587 * 255
    assertTrue(Math.abs(data.pixel(3, 1, 1, 0) - 100) <= 2);
  }

  @Test
  void folderTarGzAndZipGiveTheSameBytes() throws IOException {
    Map<String, byte[]> files = sampleTree();
    ImageFolderData folder = load(TestImages.tree(dir.resolve("tree"), files), 6, 3);
    Path archives = dir.resolve("archives");
    java.nio.file.Files.createDirectories(archives);
    ImageFolderData tgz = load(TestFiles.tar(archives.resolve("tree.tar.gz"), files), 6, 3);
    ImageFolderData zip = load(TestImages.zip(archives.resolve("tree.zip"), files), 6, 3);

    for (ImageFolderData other : List.of(tgz, zip)) {
      assertEquals("tree", other.data().name());
      assertEquals(folder.classNames(), other.classNames());
      assertEquals(folder.skipped(), other.skipped());
      assertArrayEquals(TestImages.labels(folder.data()), TestImages.labels(other.data()));
      assertArrayEquals(TestImages.pixels(folder.data()), TestImages.pixels(other.data()));
    }
    assertEquals(4, zip.data().size());
  }

  @Test
  void resizesByAveragingAreas() throws IOException {
    // 4x4 with a 2x2 white block top-left on black: halving gives one white pixel, three black.
    BufferedImage image = TestImages.solid(4, 4, BufferedImage.TYPE_INT_RGB, 0xff000000);
    TestImages.fill(image, 0, 0, 2, 2, WHITE);
    TestImages.fill(image, 2, 2, 1, 1, WHITE); // a quarter of the bottom-right output pixel
    Path root = TestImages.tree(dir.resolve("one"), Map.of("a.png", TestImages.png(image)));
    ImageSet data = load(root, 2, 1).data();
    assertEquals(255, data.pixel(0, 0, 0, 0));
    assertEquals(0, data.pixel(0, 0, 1, 0));
    assertEquals(0, data.pixel(0, 1, 0, 0));
    assertEquals(64, data.pixel(0, 1, 1, 0)); // 255 / 4 = 63.75
  }
}
