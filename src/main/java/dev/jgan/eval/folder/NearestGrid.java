package dev.jgan.eval.folder;

import dev.jgan.data.ImageSet;
import dev.jgan.export.ImageGrid;
import dev.jgan.model.ImageShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * {@code nearest.png}: rows of one generated image followed by its nearest training images in
 * pixels, nearest first, at the run's resolution. The top half shows the samples closest to a
 * training image (where copies would be), the bottom half the first samples (typical ones).
 */
final class NearestGrid {
  static final int ROWS = 10;
  static final int NEIGHBOURS = 5;

  private NearestGrid() {}

  /**
   * @param generated the samples, the run's shape, in [-1, 1]
   * @param nearest the samples' nearest training images (rows of {@code trainIndices})
   * @param trainIndices the folder images the neighbours index
   */
  static void write(
      float[] generated,
      ImageShape shape,
      NearestNeighbours nearest,
      ImageSet folder,
      int[] trainIndices,
      Path file)
      throws IOException {
    int samples = nearest.count();
    int rows = Math.min(ROWS, samples);
    int neighbours = Math.min(NEIGHBOURS, nearest.k());
    int[] closest =
        IntStream.range(0, samples)
            .boxed()
            .sorted(Comparator.comparingDouble(nearest::nearest))
            .limit(rows - rows / 2)
            .mapToInt(Integer::intValue)
            .toArray();
    int[] shown = new int[rows];
    System.arraycopy(closest, 0, shown, 0, closest.length);
    for (int i = closest.length, first = 0; i < rows; first++) {
      final int candidate = first;
      if (IntStream.of(closest).noneMatch(c -> c == candidate)) {
        shown[i++] = candidate;
      }
    }
    int columns = 1 + neighbours;
    float[] cells = new float[rows * columns * shape.pixels()];
    for (int r = 0; r < rows; r++) {
      int sample = shown[r];
      int at = r * columns * shape.pixels();
      System.arraycopy(generated, sample * shape.pixels(), cells, at, shape.pixels());
      for (int n = 0; n < neighbours; n++) {
        int train = trainIndices[nearest.indices()[sample * nearest.k() + n]];
        folder.copyImage(train, cells, at + (n + 1) * shape.pixels());
      }
    }
    ImageGrid.write(
        ImageGrid.render(cells, shape, rows * columns, columns, ImageGrid.viewingScale(shape)),
        file);
  }
}
