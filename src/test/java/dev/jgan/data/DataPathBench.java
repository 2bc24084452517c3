package dev.jgan.data;

import java.nio.file.Path;

/**
 * The data path's speed, not a test (docs/DATA.md): loads an image folder through its store on disk
 * (decoding it first if needed), then times {@link BatchStream} delivering batches from the store
 * and from an in-memory copy of up to 20,000 of its images. The consumer does nothing else, so the
 * figures are the most the data path can feed a training step.
 *
 * <p>{@code java -Xmx1g -cp 'target/gan.jar:target/lib/*:target/test-classes'
 * dev.jgan.data.DataPathBench FOLDER CACHE_ROOT [SIZE] [BATCH] [BATCHES]}
 */
public final class DataPathBench {
  private DataPathBench() {}

  public static void main(String[] args) {
    Path folder = Path.of(args[0]);
    Path cache = Path.of(args[1]);
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int batches = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
    long start = System.nanoTime();
    ImageSet disk = ImageFolders.load(folder, size, 3, cache).data();
    System.out.printf(
        "load: %,d images of %dx%dx3 in %.2f s (%s)%n",
        disk.size(), size, size, (System.nanoTime() - start) / 1e9, disk);
    System.out.printf("disk:   %s%n", rate(disk, batch, batches));
    int n = Math.min(disk.size(), 20_000);
    byte[] pixels = new byte[n * disk.imageSize()];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      disk.copyBytes(i, pixels, i * disk.imageSize());
    }
    ImageDataset memory = new ImageDataset("memory", size, size, 3, pixels, labels);
    System.out.printf("memory: %s (first %,d images)%n", rate(memory, batch, batches), n);
    System.out.printf(
        "heap: %,d MB used of %,d MB max%n",
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static String rate(ImageSource set, int batch, int batches) {
    try (BatchStream stream = new BatchStream(set, batch, 42, 0)) {
      for (int i = 0; i < 20; i++) {
        stream.recycle(stream.next()); // warm-up
      }
      long start = System.nanoTime();
      for (int i = 0; i < batches; i++) {
        stream.recycle(stream.next());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return String.format(
          "%,d batches of %d in %.2f s: %,.0f batches/s, %,.0f images/s",
          batches, batch, seconds, batches / seconds, batches * batch / seconds);
    }
  }
}
