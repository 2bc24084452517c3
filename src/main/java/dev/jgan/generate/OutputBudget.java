package dev.jgan.generate;

import dev.jgan.BadInputException;
import dev.jgan.ByteSize;
import dev.jgan.export.ImageGrid;
import dev.jgan.model.ImageShape;

/**
 * What a {@code gan generate} run will write and hold, checked before anything is written: a count
 * whose files do not fit on the disk, or whose grid does not fit in memory or in a Java array, is
 * bad input then, not a full disk or an overflow after minutes of writing.
 */
final class OutputBudget {
  /** Every file takes at least one block of the usual file systems (ext4, xfs, tmpfs). */
  private static final long BLOCK = 4096;

  /** The largest Java array. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private OutputBudget() {}

  /** The bytes {@code total} images of {@code shape} take on disk in {@code format}, about. */
  static long diskBytes(OutputFormat format, ImageShape shape, long total) {
    long pixels = (long) shape.height() * shape.width() * shape.channels();
    return switch (format) {
      case NPY -> 128 + total * pixels * Float.BYTES;
      case IDX -> 16 + total * shape.height() * shape.width();
      // a PNG is at most about its raw pixels plus headers, and holds whole blocks
      case PNG -> total * roundUp(pixels + 128, BLOCK);
      case GRID ->
          roundUp(gridPixels(shape, total, GenerateJob.gridColumns((int) total)) + 128, BLOCK);
    };
  }

  /** The pixels of the grid image of {@code total} images in {@code columns} columns. */
  private static long gridPixels(ImageShape shape, long total, long columns) {
    int scale = ImageGrid.viewingScale(shape);
    long rows = (total + columns - 1) / columns;
    long width = columns * (shape.width() * scale + ImageGrid.PADDING) + ImageGrid.PADDING;
    long height = rows * (shape.height() * scale + ImageGrid.PADDING) + ImageGrid.PADDING;
    return width * height;
  }

  /**
   * Throws unless the run fits: its files on the disk ({@code usable} bytes free there), and for a
   * grid, every image and the grid itself in memory ({@code maxMemory}) and in Java arrays.
   */
  static void require(
      OutputFormat format,
      ImageShape shape,
      int total,
      int columns,
      String outFlag,
      long usable,
      long maxMemory) {
    String what = total + " " + shape.height() + "x" + shape.width() + "x" + shape.channels();
    if (format == OutputFormat.GRID) {
      long floats = (long) total * shape.pixels();
      long gridPixels = gridPixels(shape, total, columns);
      long memory = floats * Float.BYTES + gridPixels * (shape.channels() == 1 ? 1 : 4);
      if (floats > MAX_ARRAY || gridPixels > MAX_ARRAY || memory > maxMemory) {
        throw new BadInputException(
            "--count "
                + total
                + ": a grid of "
                + what
                + " images needs "
                + ByteSize.of(memory)
                + " of memory"
                + (floats > MAX_ARRAY || gridPixels > MAX_ARRAY
                    ? ", more than one image can hold"
                    : ", the JVM has " + ByteSize.of(maxMemory))
                + "; use --format png, npy or idx for this many images, or a smaller --count");
      }
    }
    long needed = diskBytes(format, shape, total);
    if (usable >= 0 && needed > usable) {
      throw new BadInputException(
          "--count "
              + total
              + " --format "
              + format.flag()
              + ": "
              + what
              + " images need about "
              + ByteSize.of(needed)
              + " in "
              + outFlag
              + ", "
              + ByteSize.of(usable)
              + " free; free space, pick another --out or generate fewer images");
    }
  }

  private static long roundUp(long bytes, long unit) {
    return (bytes + unit - 1) / unit * unit;
  }
}
