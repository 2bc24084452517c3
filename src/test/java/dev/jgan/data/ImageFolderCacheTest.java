package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderCacheTest {
  @TempDir Path dir;
  private Path root;
  private Path cache;

  @BeforeEach
  void makeTree() throws IOException {
    root = TestImages.tree(dir.resolve("tree"), ImageFoldersTest.sampleTree());
    cache = dir.resolve("cache");
  }

  private ImageFolderData load() {
    return ImageFolders.load(root, 8, 3, cache);
  }

  /** Everything under the cache folder, relative to it. */
  private List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.walk(cache)) {
      return files.filter(Files::isRegularFile).map(cache::relativize).sorted().toList();
    }
  }

  private static void assertSame(ImageFolderData expected, ImageFolderData actual) {
    assertEquals(expected.classNames(), actual.classNames());
    assertEquals(expected.skipped(), actual.skipped());
    assertEquals(expected.data().name(), actual.data().name());
    assertArrayEquals(expected.data().labelBytes(), actual.data().labelBytes());
    assertArrayEquals(expected.data().pixelBytes(), actual.data().pixelBytes());
  }

  /**
   * Replaces a file's content with garbage of the same length and restores its modification time:
   * the listing, and so the cache key, stays the same, but decoding it again would now fail.
   */
  private static void spoilKeepingStamp(Path file) throws IOException {
    FileTime mtime = Files.getLastModifiedTime(file);
    Files.write(file, TestImages.garbage((int) Files.size(file), 9));
    Files.setLastModifiedTime(file, mtime);
  }

  @Test
  void aSecondLoadIsServedFromTheCacheFile() throws IOException {
    ImageFolderData first = load();
    List<Path> files = cacheFiles();
    assertEquals(1, files.size(), files.toString());
    assertEquals("folders", files.get(0).getParent().toString());
    assertEquals(64 + 4, files.get(0).getFileName().toString().length()); // sha256 hex + ".bin"

    spoilKeepingStamp(root.resolve("cats/alpha.png"));
    ImageFolderData second = load();
    assertSame(first, second); // decoding again would skip alpha.png: 3 images, 2 skipped
    assertEquals(4, second.data().size());
    assertEquals(files, cacheFiles());
  }

  @Test
  void aChangedListingIsDecodedAgain() throws IOException {
    ImageFolderData first = load();
    spoilKeepingStamp(root.resolve("cats/alpha.png"));
    Files.setLastModifiedTime(
        root.resolve("cats/alpha.png"), FileTime.fromMillis(1_000_000_000_000L));
    ImageFolderData second = load();
    assertEquals(3, second.data().size());
    assertEquals(2, second.skipped());
    assertEquals(2, cacheFiles().size());

    // Another size or channel count is another key too.
    ImageFolders.load(root, 4, 3, cache);
    ImageFolders.load(root, 8, 1, cache);
    assertEquals(4, cacheFiles().size());
    assertEquals(4, first.data().size());
  }

  @Test
  void anArchiveIsKeyedByItsSizeAndTime() throws IOException {
    Path archive = TestImages.zip(dir.resolve("tree.zip"), ImageFoldersTest.sampleTree());
    ImageFolderData first = ImageFolders.load(archive, 8, 3, cache);
    FileTime mtime = Files.getLastModifiedTime(archive);
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2)); // would fail to read
    Files.write(archive, bytes);
    Files.setLastModifiedTime(archive, mtime);
    assertSame(first, ImageFolders.load(archive, 8, 3, cache));
    assertEquals(1, cacheFiles().size());
  }

  @Test
  void aDamagedCacheFileIsIgnoredAndRewritten() throws IOException {
    ImageFolderData first = load();
    Path file = cache.resolve(cacheFiles().get(0));
    byte[] good = Files.readAllBytes(file);

    for (int damage = 0; damage < 3; damage++) {
      byte[] bad =
          switch (damage) {
            case 0 -> flip(good, good.length - 100); // a pixel: only the checksum notices
            case 1 -> Arrays.copyOf(good, good.length - 1);
            default -> flip(good, 3); // the magic
          };
      Files.write(file, bad);
      assertSame(first, load());
      assertArrayEquals(good, Files.readAllBytes(file), "damage " + damage);
    }
    assertEquals(List.of(cache.relativize(file)), cacheFiles()); // no leftover temp files
  }

  @Test
  void aCacheFileForAnotherShapeIsNotServed() throws IOException {
    ImageFolderData first = load();
    Path file = cache.resolve(cacheFiles().get(0));
    ImageFolderData gray = ImageFolders.load(root, 8, 1, cache);
    Path grayFile =
        cacheFiles().stream().map(cache::resolve).filter(p -> !p.equals(file)).findFirst().get();
    // Put the RGB file where the grayscale one belongs: its header does not match the request.
    Files.copy(file, grayFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ImageFolderData again = ImageFolders.load(root, 8, 1, cache);
    assertSame(gray, again);
    assertEquals(1, again.data().channels());
    assertNotEquals(Files.size(file), Files.size(grayFile));
    assertEquals(3, first.data().channels());
  }

  private static byte[] flip(byte[] data, int at) {
    byte[] copy = data.clone();
    copy[at] ^= 0x5a;
    return copy;
  }
}
