package dev.jgan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk store of a few hundred images split over many tiny shards. */
class ImageStoreTest {
  private static final int COUNT = 300;
  private static final int SIZE = 6;
  private static final int RECORD = SIZE * SIZE * 3;

  /** 7 records per shard: 43 shards, the last one partial. */
  private static final long SHARD_BYTES = 7L * RECORD + 5;

  @TempDir static Path shared;
  private static Map<String, byte[]> files;
  private static Path tree;
  private static ImageFolderData oneShard;
  private static ImageFolderData sharded;

  @TempDir Path dir;

  /** 300 noise images in 3 class folders, every image different. */
  @BeforeAll
  static void makeSet() throws IOException {
    files = new TreeMap<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < COUNT; i++) {
      BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      files.put("class" + i % 3 + "/img" + i + ".png", TestImages.png(image));
    }
    tree = TestImages.tree(shared.resolve("tree"), files);
    oneShard = ImageFolders.load(tree, SIZE, 3, shared.resolve("cache-one"));
    sharded = ImageFolders.load(tree, SIZE, 3, shared.resolve("cache-many"), SHARD_BYTES);
  }

  private static long shardFiles(Path cache) throws IOException {
    try (Stream<Path> walk = Files.walk(cache)) {
      return walk.filter(p -> p.getFileName().toString().startsWith("shard-")).count();
    }
  }

  @Test
  void manyShardsHoldTheSameImagesAsOne() throws IOException {
    assertEquals(1, shardFiles(shared.resolve("cache-one")));
    assertEquals(43, shardFiles(shared.resolve("cache-many")));
    assertEquals(COUNT, sharded.data().size());
    assertEquals(List.of("class0", "class1", "class2"), sharded.classNames());
    assertEquals(3, sharded.data().classCount());
    assertArrayEquals(TestImages.labels(oneShard.data()), TestImages.labels(sharded.data()));
    assertArrayEquals(TestImages.pixels(oneShard.data()), TestImages.pixels(sharded.data()));

    // Path order, whatever order the decoder threads finished in: image 0 is class0/img0.png.
    ImageSet expected =
        ImageFolders.load(
                TestImages.tree(dir.resolve("one"), Map.of("a.png", files.get("class0/img0.png"))),
                SIZE,
                3,
                dir.resolve("cache"))
            .data();
    byte[] first = new byte[RECORD];
    sharded.data().copyBytes(0, first, 0);
    assertArrayEquals(TestImages.pixels(expected), first);
  }

  @Test
  void aReopenedShardedStoreReadsTheSame() {
    ImageFolderData again = ImageFolders.load(tree, SIZE, 3, shared.resolve("cache-many"), 1);
    assertArrayEquals(TestImages.pixels(sharded.data()), TestImages.pixels(again.data()));
    float[] fromDisk = new float[RECORD];
    float[] fromMemory = new float[RECORD];
    inMemory(sharded.data()).copyImage(123, fromMemory, 0);
    again.data().copyImage(123, fromDisk, 0);
    assertArrayEquals(fromMemory, fromDisk);
  }

  /** The same images in one Java array. */
  private static ImageDataset inMemory(ImageSet set) {
    return new ImageDataset(
        set.name(), SIZE, SIZE, 3, TestImages.pixels(set), TestImages.labels(set));
  }

  @Test
  void aResumedStreamCrossesShardBoundariesLikeAnUninterruptedOne() {
    // Batches of 10 over shards of 7: every batch reads across a shard boundary somewhere.
    ImageSet disk = sharded.data();
    int steps = 45; // 30 batches per epoch: resume in the middle of epoch 1
    List<float[]> straight = new ArrayList<>();
    try (BatchStream stream = new BatchStream(disk, 10, 42, 0)) {
      for (int i = 0; i < steps + 10; i++) {
        straight.add(stream.next().images().clone());
      }
    }
    try (BatchStream resumed = BatchStream.resumingAfter(disk, 10, 42, steps);
        BatchStream memory = BatchStream.resumingAfter(inMemory(disk), 10, 42, steps)) {
      for (int i = steps; i < steps + 10; i++) {
        BatchStream.Batch batch = resumed.next();
        assertEquals(i / 30, batch.epoch());
        assertArrayEquals(straight.get(i), batch.images(), "step " + i);
        assertArrayEquals(memory.next().images(), batch.images(), "in memory, step " + i);
      }
    }
  }

  /**
   * A tar may hold a path several times; the last version wins as when extracting, whichever
   * decoder thread finishes first. 60 paths, three versions each, the middle one broken.
   */
  @Test
  void theLastVersionOfATarMemberWinsWhateverOrderTheDecodersFinishIn() throws IOException {
    Path tar = dir.resolve("versions.tar");
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      paths.add("img" + (100 + i) + ".png");
    }
    try (var out =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            Files.newOutputStream(tar))) {
      for (int version = 0; version < 3; version++) {
        for (int i = 0; i < paths.size(); i++) {
          byte[] data =
              version == 1
                  ? TestImages.garbage(500, i)
                  : files.get("class" + (i + version) % 3 + "/img" + (i + version) + ".png");
          var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(paths.get(i));
          entry.setSize(data.length);
          out.putArchiveEntry(entry);
          out.write(data);
          out.closeArchiveEntry();
        }
      }
      out.finish();
    }
    ImageFolderData loaded = ImageFolders.load(tar, SIZE, 3, dir.resolve("cache"), SHARD_BYTES);
    assertEquals(60, loaded.data().size());
    assertEquals(0, loaded.skipped()); // the broken middle versions were replaced
    byte[] expected = new byte[RECORD];
    byte[] actual = new byte[RECORD];
    for (int i = 0; i < 60; i++) {
      oneShard.data().copyBytes(index(i + 2), expected, 0); // version 2 is image i + 2
      loaded.data().copyBytes(i, actual, 0);
      assertArrayEquals(expected, actual, paths.get(i));
    }
  }

  /** The index of classK/imgN.png in the path-ordered set. */
  private static int index(int n) {
    return new ArrayList<>(files.keySet()).indexOf("class" + n % 3 + "/img" + n + ".png");
  }

  @Test
  void aDiskTooSmallIsRefusedWithTheSizeNeeded() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> DiskSpace.require(dir, 3_000_000_000L, 1_000_000_000L, Path.of("faces")));
    assertTrue(e.getMessage().contains("need 2.8 GiB"), e.getMessage());
    assertTrue(e.getMessage().contains("953.7 MiB are free"), e.getMessage());
    assertTrue(e.getMessage().contains("JGAN_CACHE"), e.getMessage());
    DiskSpace.require(dir, 1000, 1000, Path.of("faces")); // exactly enough
  }

  @Test
  void aFileThatChangesWhileTheFolderIsReadStopsTheLoad() throws IOException {
    Path root = TestImages.tree(dir.resolve("t"), Map.of("a.png", files.get("class0/img0.png")));
    FolderListing listing = FolderListing.scan(root);
    Files.write(
        root.resolve("a.png"),
        files.get("class1/img1.png"),
        java.nio.file.StandardOpenOption.APPEND);
    ImageEntries.Visitor none =
        new ImageEntries.Visitor() {
          @Override
          public void image(String path, byte[] data) {}

          @Override
          public void skip(String path, String reason) {}
        };
    BadInputException e = assertThrows(BadInputException.class, () -> listing.visit(none));
    assertTrue(e.getMessage().contains("changed while the folder was being read"), e.getMessage());
  }

  @Test
  void anArchiveThatChangesWhileReadIsRefused() throws IOException {
    Path zip = TestImages.zip(dir.resolve("a.zip"), Map.of("a.png", files.get("class0/img0.png")));
    ArchiveStamp stamp = ArchiveStamp.of(zip);
    stamp.checkUnchanged(zip); // unchanged: fine
    Files.setLastModifiedTime(zip, FileTime.fromMillis(1_000_000_000_000L));
    BadInputException e = assertThrows(BadInputException.class, () -> stamp.checkUnchanged(zip));
    assertTrue(e.getMessage().contains("changed while it was being read"), e.getMessage());
  }

  @Test
  void aFolderWithoutImagesIsRefusedAndLeavesNoStore() throws IOException {
    Path root = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(root.resolve("notes.txt"), "no images here");
    Path cache = dir.resolve("cache");
    BadInputException e =
        assertThrows(BadInputException.class, () -> ImageFolders.load(root, SIZE, 3, cache));
    assertTrue(e.getMessage().contains("no usable image"), e.getMessage());
    try (Stream<Path> left = Files.walk(cache)) {
      assertEquals(List.of(cache, cache.resolve("folders")), left.sorted().toList());
    }
  }

  @Test
  void progressLinesCountAndEstimateTheRest() {
    long[] now = {0};
    DecodeProgress progress = new DecodeProgress(Path.of("faces"), 1000, () -> now[0]);
    for (int i = 0; i < 250; i++) {
      progress.one();
    }
    now[0] = 10_000_000_000L; // 250 in 10 s: 25/s, 750 left
    assertEquals("decoding faces: 250 of 1,000 images, 25/s, ETA 30s", progress.line(now[0]));
    DecodeProgress tar = new DecodeProgress(Path.of("t.tar"), -1, () -> now[0]);
    assertEquals("decoding t.tar: 0 images, 0/s", tar.line(now[0]));
    assertEquals("1h 01m", DecodeProgress.duration(3660));
    assertEquals("2m 05s", DecodeProgress.duration(125));
  }
}
