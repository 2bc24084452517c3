package dev.jgan.data;

import static dev.jgan.data.IdxReaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels and class names from the layout of the tree. */
class ImageFolderLabelsTest {
  private static final int RED = 0xffff0000;
  private static final int BLUE = 0xff0000ff;

  @TempDir Path dir;

  private ImageFolderData load(Path source, int size, int channels) {
    return ImageFolders.load(source, size, channels, dir.resolve("cache"));
  }

  @Test
  void topLevelImagesAreOneClassNamedAfterTheSource() throws IOException {
    byte[] red = TestImages.png(TestImages.solid(2, 2, BufferedImage.TYPE_INT_RGB, RED));
    byte[] blue = TestImages.png(TestImages.solid(2, 2, BufferedImage.TYPE_INT_RGB, BLUE));
    Path root = TestImages.tree(dir.resolve("flowers"), Map.of("b.png", blue, "a.jpeg", red));
    ImageFolderData result = load(root, 2, 3);
    assertEquals(List.of("flowers"), result.classNames());
    assertArrayEquals(new byte[] {0, 0}, TestImages.labels(result.data()));
    assertTrue(result.data().pixel(0, 0, 0, 0) > 240); // a.jpeg first: red
    assertEquals(255, result.data().pixel(1, 0, 0, 2)); // then b.png: blue
  }

  @Test
  void aLoneWrapperFolderIsLookedThrough() throws IOException {
    byte[] png = TestImages.png(TestImages.solid(2, 2, BufferedImage.TYPE_INT_RGB, RED));
    Map<String, byte[]> files =
        Map.of("photos/cats/a.png", png, "photos/dogs/b.png", png, "photos/dogs/c/d.png", png);
    ImageFolderData zip = load(TestImages.zip(dir.resolve("photos.zip"), files), 2, 3);
    assertEquals(List.of("cats", "dogs"), zip.classNames());
    assertArrayEquals(new byte[] {0, 1, 1}, TestImages.labels(zip.data()));
    ImageFolderData folder = load(TestImages.tree(dir.resolve("parent"), files), 2, 3);
    assertEquals(List.of("cats", "dogs"), folder.classNames());
    // One folder holding the images directly is a class of its own, not a wrapper.
    ImageFolderData single =
        load(TestImages.tree(dir.resolve("single"), Map.of("cats/a.png", png)), 2, 3);
    assertEquals(List.of("cats"), single.classNames());
  }

  @Test
  void topLevelImagesNextToClassFoldersAreSkipped() throws IOException {
    byte[] png = TestImages.png(TestImages.solid(2, 2, BufferedImage.TYPE_INT_RGB, RED));
    Map<String, byte[]> files = Map.of("stray.png", png, "cats/a.png", png, "dogs/b.png", png);
    ImageFolderData result = load(TestImages.tree(dir.resolve("mixed"), files), 2, 3);
    assertEquals(List.of("cats", "dogs"), result.classNames());
    assertEquals(2, result.data().size());
    assertEquals(1, result.skipped());
  }

  @Test
  void moreThan256ClassesIsBadInput() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] png = TestImages.png(TestImages.solid(1, 1, BufferedImage.TYPE_INT_RGB, -1));
    for (int i = 0; i < 257; i++) {
      files.put("class" + i + "/a.png", png);
    }
    Path root = TestImages.tree(dir.resolve("many"), files);
    assertMessage(
        assertThrows(BadInputException.class, () -> load(root, 1, 3)), "257 class folders");
    files.remove("class256/a.png");
    Files.delete(root.resolve("class256/a.png"));
    ImageFolderData result = load(root, 1, 3);
    assertEquals(256, result.classNames().size());
    assertEquals(255, result.data().label(255));
  }
}
