package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    assertEquals(expected.data().size(), actual.data().size());
    assertArrayEquals(TestImages.labels(expected.data()), TestImages.labels(actual.data()));
    assertArrayEquals(TestImages.pixels(expected.data()), TestImages.pixels(actual.data()));
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

  /** The store folders under the cache, relative to it. */
  private List<Path> stores() throws IOException {
    try (Stream<Path> files = Files.list(cache.resolve("folders"))) {
      return files.map(cache::relativize).sorted().toList();
    }
  }

  @Test
  void aSecondLoadIsServedFromTheStore() throws IOException {
    ImageFolderData first = load();
    List<Path> files = cacheFiles();
    assertEquals(2, files.size(), files.toString());
    Path store = files.get(0).getParent();
    assertEquals("folders", store.getParent().toString());
    assertEquals(64, store.getFileName().toString().length()); // sha256 hex
    assertEquals(
        List.of(store.resolve(StoreIndex.FILE_NAME), store.resolve("shard-00000.bin")), files);
    assertEquals(4L * 8 * 8 * 3, Files.size(cache.resolve(files.get(1)))); // fixed-size records
    assertTrue(first.data() instanceof MappedImageSet);

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
    assertEquals(2, stores().size());

    // Another size or channel count is another key too.
    ImageFolders.load(root, 4, 3, cache);
    ImageFolders.load(root, 8, 1, cache);
    assertEquals(4, stores().size());
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
    assertEquals(1, stores().size());
  }

  @Test
  void aDamagedStoreIsIgnoredAndRebuilt() throws IOException {
    // A copy in memory: damaging the files in place also changes what an open mapping reads.
    ImageFolderData first = inMemory(load());
    Path index = cache.resolve(cacheFiles().get(0));
    Path shard = cache.resolve(cacheFiles().get(1));
    for (int damage = 0; damage < 6; damage++) {
      Path file = damage < 3 ? shard : index;
      byte[] good = Files.readAllBytes(file);
      switch (damage) {
        case 0 -> Files.write(file, flip(good, good.length - 100)); // a pixel: only the CRC sees
        case 1 -> Files.write(file, Arrays.copyOf(good, good.length - 1)); // truncated
        case 2 -> Files.delete(file);
        case 3 -> Files.write(file, flip(good, 3)); // the magic
        case 4 -> Files.write(file, Arrays.copyOf(good, good.length - 9)); // truncated
        default -> Files.write(file, flip(good, good.length - 20)); // a record number
      }
      assertThrows(
          IOException.class,
          () -> MappedImageSet.open(index.getParent(), "tree", 8, 3),
          "damage " + damage);
      assertSame(first, load());
      MappedImageSet.open(index.getParent(), "tree", 8, 3); // rebuilt: sound again
    }
    assertEquals(2, cacheFiles().size()); // no leftover staging folder or temp file
  }

  @Test
  void aStoreForAnotherShapeIsNotServed() throws IOException {
    ImageFolderData first = load();
    Path store = cache.resolve(stores().get(0));
    ImageFolderData gray = ImageFolders.load(root, 8, 1, cache);
    Path grayStore =
        stores().stream().map(cache::resolve).filter(p -> !p.equals(store)).findFirst().get();
    // Put the RGB store where the grayscale one belongs: its header does not match the request.
    for (String name : List.of(StoreIndex.FILE_NAME, "shard-00000.bin")) {
      Files.copy(store.resolve(name), grayStore.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    ImageFolderData again = ImageFolders.load(root, 8, 1, cache);
    assertSame(gray, again);
    assertEquals(1, again.data().channels());
    assertNotEquals(
        Files.size(store.resolve("shard-00000.bin")),
        Files.size(grayStore.resolve("shard-00000.bin")));
    assertEquals(3, first.data().channels());
  }

  @Test
  void aFormatOneCacheFileIsNotRead() throws IOException {
    // Format 1 kept the whole set in one file named by a key of the same inputs; it is left alone.
    Path old = Files.createDirectories(cache.resolve("folders")).resolve("0".repeat(64) + ".bin");
    Files.write(old, TestImages.garbage(1000, 3));
    ImageFolderData first = load();
    assertEquals(4, first.data().size());
    assertEquals(2, stores().size()); // the old file and the new store folder
    assertEquals(1, stores().stream().map(cache::resolve).filter(Files::isDirectory).count());
    assertArrayEquals(TestImages.garbage(1000, 3), Files.readAllBytes(old));
  }

  private static ImageFolderData inMemory(ImageFolderData data) {
    ImageSet set = data.data();
    return new ImageFolderData(
        new ImageDataset(
            set.name(),
            set.height(),
            set.width(),
            set.channels(),
            TestImages.pixels(set),
            TestImages.labels(set)),
        data.classNames(),
        data.skipped());
  }

  private static byte[] flip(byte[] data, int at) {
    byte[] copy = data.clone();
    copy[at] ^= 0x5a;
    return copy;
  }
}
