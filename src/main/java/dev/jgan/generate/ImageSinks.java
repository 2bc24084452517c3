package dev.jgan.generate;

import dev.jgan.StagingFolders;
import dev.jgan.data.IdxReader;
import dev.jgan.export.ImageGrid;
import dev.jgan.model.ImageShape;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Writers of generated images. Every file is first written into a hidden staging folder inside the
 * output folder (same file system) and renamed into place only when all images are done, so readers
 * never see a half-written file and a failed run leaves nothing behind.
 */
public final class ImageSinks {
  private ImageSinks() {}

  /** Receives the images batch by batch, in order. */
  public abstract static class Sink implements AutoCloseable {
    final Path out;
    final Path staging;
    final ImageShape shape;
    final int total;
    int received;

    Sink(Path out, ImageShape shape, int total) throws IOException {
      this.out = out;
      this.shape = shape;
      this.total = total;
      Files.createDirectories(out);
      this.staging = StagingFolders.create(out, "generate");
    }

    /** {@code pixels} holds {@code count} images, NHWC, values in [-1, 1]. */
    public final void accept(float[] pixels, int count) throws IOException {
      if (received + count > total || pixels.length != (long) count * shape.pixels()) {
        throw new IllegalArgumentException("unexpected batch of " + count);
      }
      write(pixels, count);
      received += count;
    }

    abstract void write(float[] pixels, int count) throws IOException;

    /** Completes the staged files. */
    abstract void complete() throws IOException;

    /** Moves the files into place; returns them. */
    public final List<Path> finish() throws IOException {
      if (received != total) {
        throw new IllegalStateException(received + " of " + total + " images received");
      }
      complete();
      List<String> names;
      try (Stream<Path> files = Files.list(staging)) {
        names = files.map(p -> p.getFileName().toString()).sorted().toList();
      }
      for (String name : names) {
        if (Files.exists(out.resolve(name))) {
          throw new FileAlreadyExistsException(out.resolve(name).toString());
        }
      }
      List<Path> moved = new ArrayList<>();
      for (String name : names) {
        Path target = out.resolve(name);
        Files.move(staging.resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
        moved.add(target);
      }
      return moved;
    }

    @Override
    public void close() throws IOException {
      StagingFolders.remove(staging);
    }
  }

  /** A sink that streams every batch into one staged file. */
  abstract static class StreamSink extends Sink {
    final OutputStream stream;

    StreamSink(Path out, ImageShape shape, int total, String fileName) throws IOException {
      super(out, shape, total);
      this.stream =
          new BufferedOutputStream(Files.newOutputStream(staging.resolve(fileName)), 1 << 16);
    }

    @Override
    void complete() throws IOException {
      stream.close();
    }

    @Override
    public void close() throws IOException {
      stream.close();
      super.close();
    }
  }

  public static Sink open(
      OutputFormat format, Path out, ImageShape shape, int total, int gridColumns)
      throws IOException {
    format.checkShape(shape);
    return switch (format) {
      // The grid's array before its staging folder: an allocation that fails leaves nothing.
      case GRID ->
          new GridSink(
              out, shape, total, gridColumns, new float[Math.multiplyExact(total, shape.pixels())]);
      case PNG -> new PngSink(out, shape, total);
      case IDX -> new IdxSink(out, shape, total);
      case NPY -> new NpySink(out, shape, total);
    };
  }

  static final class GridSink extends Sink {
    private final float[] all;
    private final int columns;

    GridSink(Path out, ImageShape shape, int total, int columns, float[] all) throws IOException {
      super(out, shape, total);
      this.all = all;
      this.columns = Math.max(1, Math.min(columns, total));
    }

    @Override
    void write(float[] pixels, int count) {
      System.arraycopy(pixels, 0, all, received * shape.pixels(), pixels.length);
    }

    @Override
    void complete() throws IOException {
      BufferedImage grid =
          ImageGrid.render(all, shape, total, columns, ImageGrid.viewingScale(shape));
      ImageGrid.write(grid, staging.resolve(OutputFormat.GRID_FILE));
    }
  }

  static final class PngSink extends Sink {
    PngSink(Path out, ImageShape shape, int total) throws IOException {
      super(out, shape, total);
    }

    @Override
    void write(float[] pixels, int count) throws IOException {
      for (int i = 0; i < count; i++) {
        BufferedImage image = image(pixels, i * shape.pixels(), shape);
        Path file = staging.resolve(OutputFormat.pngName(received + i, total));
        if (!ImageIO.write(image, "png", file.toFile())) {
          throw new IOException("no PNG writer available");
        }
      }
    }

    @Override
    void complete() {}
  }

  /** One image at its own size: grey for 1 channel, RGB for 3. */
  public static BufferedImage image(float[] pixels, int offset, ImageShape shape) {
    int c = shape.channels();
    int type = c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    BufferedImage image = new BufferedImage(shape.width(), shape.height(), type);
    WritableRaster raster = image.getRaster();
    int bands = raster.getNumBands();
    for (int y = 0; y < shape.height(); y++) {
      for (int x = 0; x < shape.width(); x++) {
        int at = offset + (y * shape.width() + x) * c;
        for (int band = 0; band < bands; band++) {
          raster.setSample(x, y, band, ImageGrid.toByte(pixels[at + Math.min(band, c - 1)]));
        }
      }
    }
    return image;
  }

  static final class IdxSink extends StreamSink {
    IdxSink(Path out, ImageShape shape, int total) throws IOException {
      super(out, shape, total, OutputFormat.IDX_FILE);
      DataOutputStream header = new DataOutputStream(stream); // big-endian, as IDX wants
      header.writeInt(IdxReader.IMAGES_MAGIC);
      header.writeInt(total);
      header.writeInt(shape.height());
      header.writeInt(shape.width());
    }

    @Override
    void write(float[] pixels, int count) throws IOException {
      byte[] bytes = new byte[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        bytes[i] = (byte) ImageGrid.toByte(pixels[i]);
      }
      stream.write(bytes);
    }
  }

  static final class NpySink extends StreamSink {
    NpySink(Path out, ImageShape shape, int total) throws IOException {
      super(out, shape, total, OutputFormat.NPY_FILE);
      stream.write(Npy.float32Header(total, shape.height(), shape.width(), shape.channels()));
    }

    @Override
    void write(float[] pixels, int count) throws IOException {
      ByteBuffer buf = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(pixels);
      stream.write(buf.array());
    }
  }
}
