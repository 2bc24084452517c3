package dev.jgan.data;

import static dev.jgan.data.IdxReaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSafetyTest {
  @TempDir Path dir;

  private final String unique = "jgan-evil-" + UUID.randomUUID();

  private static byte[] redPng() throws IOException {
    return TestImages.png(TestImages.solid(3, 3, BufferedImage.TYPE_INT_RGB, 0xffff0000));
  }

  private ImageFolderData load(Path source) {
    return ImageFolders.load(source, 3, 3, dir.resolve("cache"));
  }

  /** Nothing named like the evil entries exists anywhere they could have been written. */
  private void assertNothingEscaped() throws IOException {
    assertFalse(Files.exists(dir.getParent().resolve("evil.png")));
    assertFalse(Files.exists(Path.of("/tmp", unique)));
    try (Stream<Path> all = Files.walk(dir)) {
      List<String> names = all.map(p -> p.getFileName().toString()).toList();
      assertFalse(names.contains("evil.png"), names.toString());
    }
  }

  @Test
  void tarEntriesWithEscapingPathsOrLinksAreSkipped() throws IOException {
    byte[] png = redPng();
    Path archive = dir.resolve("evil.tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String name : List.of("../evil.png", "/tmp/" + unique + "/evil.png", "ok.png")) {
        TarArchiveEntry e = new TarArchiveEntry(name, true); // true: keep the leading '/'
        e.setSize(png.length);
        tar.putArchiveEntry(e);
        tar.write(png);
        tar.closeArchiveEntry();
      }
      TarArchiveEntry symlink = new TarArchiveEntry("link.png", TarConstants.LF_SYMLINK);
      symlink.setLinkName("/etc/passwd");
      tar.putArchiveEntry(symlink);
      tar.closeArchiveEntry();
      TarArchiveEntry hardlink = new TarArchiveEntry("hard.png", TarConstants.LF_LINK);
      hardlink.setLinkName("ok.png");
      tar.putArchiveEntry(hardlink);
      tar.closeArchiveEntry();
    }

    ImageFolderData result = load(archive);
    assertEquals(1, result.data().size()); // ok.png
    assertEquals(4, result.skipped());
    assertNothingEscaped();
  }

  @Test
  void zipEntriesWithEscapingPathsOrLinksAreSkipped() throws IOException {
    byte[] png = redPng();
    Path archive = dir.resolve("evil.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(archive))) {
      for (String name :
          List.of("../evil.png", "..\\evil2.png", "/tmp/" + unique + "/evil.png", "ok.png")) {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(png);
        zip.closeArchiveEntry();
      }
      ZipArchiveEntry link = new ZipArchiveEntry("link.png");
      link.setUnixMode(UnixStat.LINK_FLAG | 0777);
      zip.putArchiveEntry(link);
      zip.write("/etc/passwd".getBytes());
      zip.closeArchiveEntry();
    }

    ImageFolderData result = load(archive);
    assertEquals(1, result.data().size());
    assertEquals(4, result.skipped());
    assertNothingEscaped();
  }

  @Test
  void symbolicLinksInAFolderAreNotFollowed() throws IOException {
    Path outside = TestImages.tree(dir.resolve("outside"), Map.of("secret.png", redPng()));
    Path root = TestImages.tree(dir.resolve("tree"), Map.of("cats/ok.png", redPng()));
    Files.createSymbolicLink(root.resolve("cats/link.png"), outside.resolve("secret.png"));
    Files.createSymbolicLink(root.resolve("birds"), outside);

    ImageFolderData result = load(root);
    assertEquals(List.of("cats"), result.classNames());
    assertEquals(1, result.data().size());
    assertEquals(2, result.skipped());
  }

  @Test
  void truncatedArchivesAreReported() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      files.put("img" + i + ".png", TestImages.noisePng(48, i));
    }
    byte[] tgz = Files.readAllBytes(TestFiles.tar(dir.resolve("full.tar.gz"), files));
    byte[] tar = Files.readAllBytes(TestFiles.tar(dir.resolve("full.tar"), files));
    byte[] zip = Files.readAllBytes(TestImages.zip(dir.resolve("full.zip"), files));
    assertEquals(3, load(dir.resolve("full.tar.gz")).data().size()); // whole, they load

    Map<String, byte[]> cut = new LinkedHashMap<>();
    cut.put("half.tar.gz", Arrays.copyOf(tgz, tgz.length / 2));
    cut.put("trailer.tgz", Arrays.copyOf(tgz, tgz.length - 4)); // only the gzip length is gone
    cut.put("half.tar", Arrays.copyOf(tar, tar.length / 2));
    cut.put("half.zip", Arrays.copyOf(zip, zip.length / 2));
    for (Map.Entry<String, byte[]> c : cut.entrySet()) {
      Path archive = Files.write(dir.resolve(c.getKey()), c.getValue());
      BadInputException e = assertThrows(BadInputException.class, () -> load(archive));
      assertMessage(e, c.getKey(), "truncated or corrupt");
    }
  }

  @Test
  void anImageDeclaringHugeDimensionsIsSkippedUnread() throws IOException {
    Map<String, byte[]> files =
        Map.of("huge.png", TestImages.pngHeader(100_000, 100_000), "ok.png", redPng());
    ImageFolderData result = load(TestImages.tree(dir.resolve("tree"), files));
    assertEquals(1, result.data().size());
    assertEquals(1, result.skipped());
  }

  @Test
  void aSourceWithoutUsableImagesIsBadInput() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertMessage(assertThrows(BadInputException.class, () -> load(empty)), "empty", ".png");

    Path junk =
        TestImages.tree(
            dir.resolve("junk"),
            Map.of("a.txt", new byte[] {1}, "b.png", TestImages.garbage(50, 7)));
    assertMessage(
        assertThrows(BadInputException.class, () -> load(junk)),
        "junk",
        "1 skipped",
        "b.png",
        ".jpg");
    Path emptyZip = TestImages.zip(dir.resolve("none.zip"), Map.of("readme.md", new byte[] {1}));
    assertMessage(assertThrows(BadInputException.class, () -> load(emptyZip)), "none.zip");
  }

  @Test
  void aMissingOrUnsupportedSourceIsBadInput() throws IOException {
    Path missing = dir.resolve("nowhere");
    assertMessage(
        assertThrows(BadInputException.class, () -> load(missing)), "nowhere", "no such file");
    Path rar = Files.write(dir.resolve("images.rar"), new byte[] {1, 2});
    assertMessage(
        assertThrows(BadInputException.class, () -> load(rar)),
        "images.rar",
        "not a folder or a supported archive",
        ".tgz");
    Path notZip = Files.write(dir.resolve("fake.zip"), TestImages.garbage(100, 3));
    assertMessage(
        assertThrows(BadInputException.class, () -> load(notZip)), "truncated or corrupt");
    Path root = TestImages.tree(dir.resolve("tree"), Map.of("a.png", redPng()));
    assertMessage(
        assertThrows(
            BadInputException.class, () -> ImageFolders.load(root, 0, 3, dir.resolve("c"))),
        "size must be");
    assertMessage(
        assertThrows(
            BadInputException.class, () -> ImageFolders.load(root, 8, 2, dir.resolve("c"))),
        "channels 1");
  }
}
