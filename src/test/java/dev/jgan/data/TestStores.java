package dev.jgan.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Image sets moved between memory and the on-disk store, for tests outside this package. */
public final class TestStores {
  private TestStores() {}

  /**
   * {@code images} (one channel) written as PNG files in index order, then loaded as a store on
   * disk with {@code recordsPerShard} records per shard. Labels are not kept (one class).
   */
  public static ImageSet onDisk(ImageDataset images, Path dir, int recordsPerShard)
      throws IOException {
    if (images.channels() != 1 || images.height() != images.width()) {
      throw new IllegalArgumentException("square grey images only: " + images);
    }
    int side = images.height();
    Path folder = Files.createDirectories(dir.resolve(images.name()));
    byte[] bytes = new byte[images.imageSize()];
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
      images.copyBytes(i, bytes, 0);
      image.getRaster().setDataElements(0, 0, side, side, bytes);
      Files.write(folder.resolve(String.format("img%06d.png", i)), TestImages.png(image));
    }
    return ImageFolders.load(
            folder, side, 1, dir.resolve("cache"), (long) recordsPerShard * images.imageSize())
        .data();
  }

  /** Every image's raw bytes, in index order. */
  public static byte[] bytes(ImageSet set) {
    return TestImages.pixels(set);
  }

  /** A copy of {@code set} in one Java array (what a resident training set is made from). */
  public static ImageDataset inMemory(ImageSet set) {
    return new ImageDataset(
        set.name(),
        set.height(),
        set.width(),
        set.channels(),
        TestImages.pixels(set),
        TestImages.labels(set));
  }
}
