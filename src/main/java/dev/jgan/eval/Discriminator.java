package dev.jgan.eval;

import dev.jgan.BadInputException;
import dev.jgan.export.DiscriminatorExporter;
import dev.jgan.export.SavedModelVariables;
import dev.jgan.model.ImageShape;
import dev.jgan.runtime.SessionOptions;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** A run's exported discriminator (signature {@code discriminate}: images -> probability real). */
final class Discriminator implements AutoCloseable {
  static final int BATCH = 500;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final Path dir;

  private Discriminator(SavedModelBundle bundle, SessionFunction function, Path dir) {
    this.bundle = bundle;
    this.function = function;
    this.dir = dir;
  }

  static Discriminator load(Path dir) {
    SavedModelVariables.require(dir, "the discriminator export");
    SavedModelBundle bundle;
    try {
      bundle =
          SavedModelBundle.loader(dir.toString())
              .withTags("serve")
              .withConfigProto(SessionOptions.processDefault().configProto())
              .load();
    } catch (RuntimeException e) {
      throw new BadInputException(
          dir
              + " cannot be loaded as a SavedModel ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); re-export the run or remove the folder",
          e);
    }
    try {
      if (bundle.signatures().stream()
          .noneMatch(s -> s.key().equals(DiscriminatorExporter.SIGNATURE))) {
        throw new BadInputException(
            dir + " has no '" + DiscriminatorExporter.SIGNATURE + "' signature; re-export the run");
      }
      return new Discriminator(bundle, bundle.function(DiscriminatorExporter.SIGNATURE), dir);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  Path dir() {
    return dir;
  }

  /** Fraction of the images D calls real (p > 0.5), or fake when {@code real} is false. */
  double accuracy(float[] pixels, ImageShape shape, boolean real) {
    int count = pixels.length / shape.pixels();
    int correct = 0;
    for (int from = 0; from < count; from += BATCH) {
      int n = Math.min(BATCH, count - from);
      float[] batch = new float[n * shape.pixels()];
      System.arraycopy(pixels, from * shape.pixels(), batch, 0, batch.length);
      try (TFloat32 x =
              TFloat32.tensorOf(
                  Shape.of(n, shape.height(), shape.width(), shape.channels()),
                  DataBuffers.of(batch, true, false));
          Result r = function.call(Map.of(DiscriminatorExporter.INPUT, x))) {
        TFloat32 p = (TFloat32) r.get(DiscriminatorExporter.OUTPUT).orElseThrow();
        for (int i = 0; i < n; i++) {
          boolean saysReal = p.getFloat(i, 0) > 0.5f;
          if (saysReal == real) {
            correct++;
          }
        }
      }
    }
    return (double) correct / count;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
