package dev.jgan.api;

import dev.jgan.BadInputException;
import dev.jgan.generate.GeneratorModel;
import dev.jgan.model.ImageShape;
import dev.jgan.random.Latents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A trained generator opened for inference, the way {@code gan generate} runs it: only the
 * SavedModel (tag {@code serve}, signature {@code serving_default}), never the training graph.
 *
 * <p>One instance is meant to be shared: every method may be called from many threads at once
 * (TensorFlow runs concurrent calls on the one session). {@link #close()} waits for calls in flight
 * and makes later calls fail with {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (Generator g = Generator.open(Path.of("runs/mnist"))) {
 *   Files.write(Path.of("grid.png"), g.generate(42, 64).gridPng());
 * }
 * }</pre>
 *
 * <p>A seed gives the images {@code gan generate --seed S} gives: image i comes from latent vector
 * i of the seed whatever the batch, and a conditional model gets classes 0, 1, ..., K-1, 0, ... in
 * turn unless a label is given.
 */
public final class Generator implements AutoCloseable {
  /** Images per Session.run when a call asks for more: the batch {@code gan generate} uses. */
  static final int CHUNK = 256;

  private final GeneratorModel model;
  private final ImageShape shape;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private Generator(GeneratorModel model, ImageShape shape) {
    this.model = model;
    this.shape = shape;
  }

  /**
   * Opens a run folder written by {@code gan train} (its {@code export/}, the EMA generator when
   * the run kept one) or a SavedModel folder itself ({@code export/}, {@code export-best/}, ...).
   *
   * @throws GeneratorLoadException when the folder is missing or holds no jgan generator
   */
  public static Generator open(Path runOrExport) {
    if (!Files.isDirectory(runOrExport)) {
      throw new GeneratorLoadException(
          runOrExport
              + " is not a folder; pass a run folder from 'gan train' or its export/ folder",
          null);
    }
    GeneratorModel model;
    try {
      model = GeneratorModel.load(runOrExport, null);
    } catch (BadInputException e) {
      throw new GeneratorLoadException(
          "cannot open a generator in " + runOrExport + ": " + e.getMessage(), e);
    }
    try {
      ImageShape shape = model.imageShape();
      if (shape == null) { // the signature leaves H, W, C open: one image tells them
        model.generate(new float[model.latentDim()], model.classes() > 0 ? new int[1] : null, 1);
        shape = model.imageShape();
      }
      return new Generator(model, shape);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The SavedModel folder this generator was loaded from. */
  public Path savedModel() {
    return model.savedModelDir();
  }

  /** Pixel rows of one image. */
  public int height() {
    return shape.height();
  }

  /** Pixel columns of one image. */
  public int width() {
    return shape.width();
  }

  /** 1 (grey) or 3 (RGB). */
  public int channels() {
    return shape.channels();
  }

  /** The width of one latent vector z. */
  public int latentSize() {
    return model.latentDim();
  }

  /** K of a conditional generator (labels 0 .. K-1), 0 for an unconditional one. */
  public int classes() {
    return model.classes();
  }

  /** Whether {@link #generate(float[][], int[])} needs labels. */
  public boolean conditional() {
    return model.classes() > 0;
  }

  /** "uniform" (U[-1, 1]) or "normal" (N(0, 1)): what the seed's latent vectors are drawn from. */
  public String noise() {
    return model.noise();
  }

  /**
   * Latent vectors {@code from .. from + count - 1} of a seed, as {@code gan generate} draws them.
   */
  public float[][] latents(long seed, long from, int count) {
    checkCount(count);
    Latents random = Latents.random(seed, latentSize(), noise().equals("normal"));
    float[][] vectors = new float[count][];
    for (int i = 0; i < count; i++) {
      vectors[i] = random.vector(from + i);
    }
    return vectors;
  }

  /** {@code count} images of a seed; a conditional model gets classes 0, 1, ..., K-1, 0, ... */
  public Images generate(long seed, int count) {
    return generate(latents(seed, 0, count), conditional() ? inTurn(count) : null);
  }

  /** {@code count} images of a seed, all of class {@code label} (a conditional model only). */
  public Images generate(long seed, int count, int label) {
    int[] labels = new int[count];
    Arrays.fill(labels, label);
    return generate(latents(seed, 0, count), labels);
  }

  /** One image per latent vector (an unconditional model). */
  public Images generate(float[][] latents) {
    return generate(latents, null);
  }

  /**
   * One image per latent vector, of the class given beside it.
   *
   * @param labels one per vector, 0 .. K-1, for a conditional model; null for an unconditional one
   */
  public Images generate(float[][] latents, int[] labels) {
    int n = latents.length;
    checkCount(n);
    int width = latentSize();
    float[] z = new float[Math.multiplyExact(n, width)];
    for (int i = 0; i < n; i++) {
      if (latents[i].length != width) {
        throw new IllegalArgumentException(
            "latent vector "
                + i
                + " has "
                + latents[i].length
                + " values; the model takes "
                + width);
      }
      System.arraycopy(latents[i], 0, z, i * width, width);
    }
    return generate(z, labels, n);
  }

  /**
   * The flat form: {@code count} images from {@code z} ({@code count * latentSize()} values, row by
   * row) and, for a conditional model, {@code count} labels.
   */
  public Images generate(float[] z, int[] labels, int count) {
    checkCount(count);
    checkInputs(z, labels, count);
    float[] pixels = new float[Math.multiplyExact(count, shape.pixels())];
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("this generator is closed");
      }
      int width = latentSize();
      for (int from = 0; from < count; from += CHUNK) {
        int n = Math.min(CHUNK, count - from);
        float[] zChunk = n == count ? z : Arrays.copyOfRange(z, from * width, (from + n) * width);
        int[] lChunk =
            labels == null || n == count ? labels : Arrays.copyOfRange(labels, from, from + n);
        float[] out = model.generate(zChunk, lChunk, n);
        System.arraycopy(out, 0, pixels, from * shape.pixels(), out.length);
      }
    } finally {
      lock.readLock().unlock();
    }
    return new Images(pixels, shape, count);
  }

  private void checkInputs(float[] z, int[] labels, int count) {
    if (z.length != (long) count * latentSize()) {
      throw new IllegalArgumentException(
          z.length + " latent values for " + count + " images of width " + latentSize());
    }
    if (!conditional()) {
      if (labels != null) {
        throw new IllegalArgumentException("labels given, but this generator is unconditional");
      }
      return;
    }
    if (labels == null || labels.length != count) {
      throw new IllegalArgumentException(
          "this generator is conditional: give one label per image ("
              + count
              + "), each 0 to "
              + (classes() - 1));
    }
    for (int i = 0; i < count; i++) {
      if (labels[i] < 0 || labels[i] >= classes()) {
        throw new IllegalArgumentException(
            "label "
                + labels[i]
                + " (image "
                + i
                + "): the model has classes 0 to "
                + (classes() - 1));
      }
    }
  }

  private static void checkCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count + ": ask for at least one image");
    }
  }

  private int[] inTurn(int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % classes();
    }
    return labels;
  }

  /** Waits for the calls in flight, then frees the session; later calls fail. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
