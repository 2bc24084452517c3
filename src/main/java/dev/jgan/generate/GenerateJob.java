package dev.jgan.generate;

import dev.jgan.BadInputException;
import dev.jgan.StagingFolders;
import dev.jgan.WriteFailedException;
import dev.jgan.model.ImageShape;
import dev.jgan.random.Latents;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * {@code gan generate}: loads an exported generator, makes latent vectors (random, from a file, or
 * an interpolation walk), runs them through the SavedModel in batches and writes the images.
 */
public final class GenerateJob {
  /**
   * Every setting of one run; see the CLI's help for their meaning. {@code label} (every image) and
   * {@code labels} (one per image) choose the classes of a conditional generator; null when not
   * given.
   */
  public record Request(
      Path model,
      String noise,
      int count,
      boolean countGiven,
      long seed,
      Path out,
      OutputFormat format,
      Path zFile,
      boolean interpolate,
      int points,
      int steps,
      Interpolation path,
      int batchSize,
      Integer label,
      List<Integer> labels) {

    /** Plain random generation with the defaults. */
    public static Request random(Path model, Path out, OutputFormat format, int count, long seed) {
      return new Request(
          model,
          null,
          count,
          true,
          seed,
          out,
          format,
          null,
          false,
          2,
          10,
          Interpolation.LINEAR,
          256,
          null,
          null);
    }
  }

  public record Summary(List<Path> files, int images, ImageShape shape, double seconds) {
    public double imagesPerSecond() {
      return seconds > 0 ? images / seconds : Double.POSITIVE_INFINITY;
    }
  }

  private GenerateJob() {}

  /** Thrown when a signal stops the run between two batches; nothing was written. */
  public static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped by a signal");
    }
  }

  public static Summary run(Request r, PrintStream log) throws IOException {
    return run(r, log, () -> false);
  }

  /**
   * Runs {@code r}; {@code stop} is polled before every batch.
   *
   * @throws Stopped when {@code stop} says so; the staging folder and any --out folder this run
   *     created are removed first
   */
  public static Summary run(Request r, PrintStream log, BooleanSupplier stop) throws IOException {
    checkSettings(r);
    Path out = OutputFolder.check(r.out());
    Path created = OutputFolder.firstMissing(out);
    StagingFolders.sweep(out); // a killed run's leftovers
    try {
      return generate(r, out, log, stop);
    } catch (IOException | RuntimeException | Error e) {
      OutputFolder.removeIfEmpty(created);
      throw e;
    }
  }

  private static Summary generate(Request r, Path out, PrintStream log, BooleanSupplier stop)
      throws IOException {
    float[][] fileVectors = r.zFile() == null ? null : LatentFile.read(r.zFile());
    try (GeneratorModel model = GeneratorModel.load(r.model(), r.noise())) {
      int latent = model.latentDim();
      if (fileVectors != null && fileVectors[0].length != latent) {
        fileVectors = LatentFile.read(r.zFile(), latent); // throws naming both widths
      }
      Latents random = Latents.random(r.seed(), latent, model.noise().equals("normal"));
      Latents vectors;
      int total;
      int columns;
      if (r.interpolate()) {
        float[][] points = fileVectors;
        if (points == null) {
          points = new float[r.points()][];
          for (int i = 0; i < points.length; i++) {
            points[i] = random.vector(i);
          }
        } else if (points.length < 2) {
          throw new BadInputException(
              "--interpolate needs at least 2 latent points but --z-file "
                  + r.zFile()
                  + " holds "
                  + points.length
                  + "; add a second vector or drop --z-file");
        }
        float[][] walk = r.path().walk(points, r.steps());
        vectors = new Latents(latent, i -> walk[(int) i]);
        total = walk.length;
        columns = r.steps();
      } else if (fileVectors != null) {
        if (r.countGiven() && r.count() != fileVectors.length) {
          throw new BadInputException(
              "--count "
                  + r.count()
                  + " conflicts with --z-file "
                  + r.zFile()
                  + ", which holds "
                  + fileVectors.length
                  + " vectors (one image each); drop --count");
        }
        float[][] given = fileVectors;
        vectors = new Latents(latent, i -> given[(int) i]);
        total = given.length;
        columns = gridColumns(given.length);
      } else {
        int count = r.labels() != null ? r.labels().size() : r.count();
        vectors = random;
        total = count;
        columns = gridColumns(count);
      }
      int[] labels = labels(r, model, total, log);
      if (model.imageShape() != null) {
        r.format().checkShape(model.imageShape());
        OutputBudget.require(
            r.format(),
            model.imageShape(),
            total,
            columns,
            r.out().toString(),
            WriteFailedException.usableSpace(out),
            Runtime.getRuntime().maxMemory());
      }
      OutputFolder.refuseExisting(out, r.format(), total);

      long start = System.nanoTime();
      ImageSinks.Sink sink = null;
      try {
        for (int from = 0; from < total; from += r.batchSize()) {
          if (stop.getAsBoolean()) {
            throw new Stopped();
          }
          int n = Math.min(r.batchSize(), total - from);
          float[] z = vectors.batch(from, n);
          float[] pixels =
              model.generate(
                  z, labels == null ? null : Arrays.copyOfRange(labels, from, from + n), n);
          if (sink == null) {
            sink = ImageSinks.open(r.format(), out, model.imageShape(), total, columns);
          }
          sink.accept(pixels, n);
        }
        if (stop.getAsBoolean()) {
          throw new Stopped();
        }
        List<Path> files = sink.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        Summary summary = new Summary(files, total, model.imageShape(), seconds);
        if (log != null) {
          ImageShape s = summary.shape();
          log.printf(
              Locale.ROOT,
              "generated %d images (%dx%dx%d) in %.2f s: %.1f images/s%n",
              total,
              s.height(),
              s.width(),
              s.channels(),
              seconds,
              summary.imagesPerSecond());
          log.println(
              "wrote: "
                  + (files.size() == 1
                      ? files.get(0)
                      : files.size()
                          + " files in "
                          + out
                          + " ("
                          + files.get(0).getFileName()
                          + " ... "
                          + files.get(files.size() - 1).getFileName()
                          + ")"));
        }
        return summary;
      } finally {
        if (sink != null) {
          sink.close();
        }
      }
    }
  }

  /**
   * The class of each image for a conditional model (null for an unconditional one): {@code
   * --label} for all, {@code --labels} one each, else 0..K-1 in turn (with --interpolate, one class
   * per segment).
   */
  private static int[] labels(Request r, GeneratorModel model, int total, PrintStream log) {
    int classes = model.classes();
    if (classes == 0) {
      if (r.label() != null || r.labels() != null) {
        throw new BadInputException(
            (r.label() != null ? "--label" : "--labels")
                + ": the model "
                + r.model()
                + " is unconditional (its SavedModel takes no labels); drop the flag, or train"
                + " with --conditional to choose classes");
      }
      return null;
    }
    int[] labels = new int[total];
    if (r.label() != null) {
      checkLabel("--label", r.label(), classes);
      Arrays.fill(labels, r.label());
    } else if (r.labels() != null) {
      if (r.labels().size() != total) {
        throw new BadInputException(
            "--labels gives "
                + r.labels().size()
                + " labels for "
                + total
                + " images"
                + (r.interpolate() ? " (--interpolate)" : r.zFile() != null ? " (--z-file)" : "")
                + "; give one label per image, or --label K for all");
      }
      for (int i = 0; i < total; i++) {
        checkLabel("--labels", r.labels().get(i), classes);
        labels[i] = r.labels().get(i);
      }
    } else {
      for (int i = 0; i < total; i++) {
        labels[i] = (r.interpolate() ? i / r.steps() : i) % classes;
      }
      if (log != null) {
        log.printf(
            Locale.ROOT,
            "conditional model with %d classes: labels 0..%d in turn (%s); choose with --label"
                + " or --labels%n",
            classes,
            classes - 1,
            r.interpolate() ? "one per segment" : "one per image");
      }
    }
    return labels;
  }

  private static void checkLabel(String flag, int label, int classes) {
    if (label < 0 || label >= classes) {
      throw new BadInputException(
          flag
              + " "
              + label
              + ": the model has "
              + classes
              + " classes; give labels from 0 to "
              + (classes - 1));
    }
  }

  static int gridColumns(int count) {
    return Math.max(1, (int) Math.ceil(Math.sqrt(count)));
  }

  private static void checkSettings(Request r) {
    if (r.label() != null && r.labels() != null) {
      throw new BadInputException(
          "--label and --labels conflict: give --label K (every image) or --labels A,B,...");
    }
    if (r.labels() != null) {
      if (r.labels().isEmpty() || r.labels().contains(null)) {
        throw new BadInputException("--labels: give one or more labels, e.g. --labels 0,1,2");
      }
      if (r.countGiven()
          && r.zFile() == null
          && !r.interpolate()
          && r.count() != r.labels().size()) {
        throw new BadInputException(
            "--count "
                + r.count()
                + " conflicts with --labels, which gives "
                + r.labels().size()
                + " labels (one image each); drop --count or give "
                + r.count()
                + " labels");
      }
    }
    if (r.count() <= 0) {
      throw new BadInputException("--count " + r.count() + ": give a positive number of images");
    }
    if (r.batchSize() <= 0) {
      throw new BadInputException(
          "--batch-size " + r.batchSize() + ": give a positive batch size, e.g. 256");
    }
    if (r.interpolate()) {
      if (r.steps() < 2) {
        throw new BadInputException(
            "--steps " + r.steps() + ": a segment needs at least 2 steps (its two ends)");
      }
      if (r.zFile() == null && r.points() < 2) {
        throw new BadInputException(
            "--points " + r.points() + ": interpolation needs at least 2 latent points");
      }
      if (r.countGiven()) {
        throw new BadInputException(
            "--count does not apply to --interpolate (it makes (points - 1) x steps images);"
                + " drop --count and set --points/--steps");
      }
    }
  }
}
