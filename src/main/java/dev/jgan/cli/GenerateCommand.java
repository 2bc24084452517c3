package dev.jgan.cli;

import dev.jgan.generate.GenerateJob;
import dev.jgan.generate.Interpolation;
import dev.jgan.generate.OutputFormat;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gan generate}: images from an exported generator (its SavedModel only). */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate images with a trained generator: loads only the SavedModel (export/) and runs"
          + " latent vectors through it in batches.",
      "Files are written atomically; existing files in --out are never overwritten."
    })
public final class GenerateCommand implements Callable<Integer>, GanCli.OnRunFolder {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ModelOption model;

  @Option(
      names = "--count",
      defaultValue = "100",
      description =
          "Number of random images (default: ${DEFAULT-VALUE}; with --labels, the number of"
              + " labels)")
  int count;

  @Option(
      names = "--label",
      paramLabel = "K",
      description =
          "Conditional models (trained with --conditional): make every image of class K, 0 <= K"
              + " < the model's classes. Without --label/--labels a conditional model gets"
              + " labels 0, 1, ..., K-1, 0, 1, ... in turn (with --interpolate: one class per"
              + " segment).")
  Integer label;

  @Option(
      names = "--labels",
      split = ",",
      paramLabel = "K",
      description =
          "Conditional models: one class per image, e.g. 0,1,2; their number is the image count"
              + " (it must equal --count when both are given)")
  List<Integer> labels;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the random latent vectors (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "generated",
      description = "Output folder, created if missing (default: ${DEFAULT-VALUE}/)")
  Path out;

  @Option(
      names = "--format",
      converter = FormatConverter.class,
      completionCandidates = FormatCandidates.class,
      paramLabel = "FORMAT",
      description =
          "grid (grid.png), png (000000.png, ...), idx (images-idx3-ubyte, MNIST format,"
              + " 1 channel) or npy (images.npy, float32 [N,H,W,C] in [-1,1]). Default: grid")
  OutputFormat format;

  @Option(
      names = "--noise",
      description =
          "uniform (U[-1,1]) or normal (N(0,1)); default: the run's config.json, else uniform")
  String noise;

  @Option(
      names = "--z-file",
      paramLabel = "FILE",
      description =
          "Latent vectors instead of random ones: .npy float32 [N, latent] or [latent], or text"
              + " with one vector per line (whitespace/comma separated); one image per vector")
  Path zFile;

  @Option(
      names = "--interpolate",
      description =
          "Walk between latent points (from --z-file, else --points random ones): one grid row"
              + " per segment")
  boolean interpolate;

  @Option(
      names = "--points",
      defaultValue = "2",
      description = "Random points to walk through with --interpolate (default: ${DEFAULT-VALUE})")
  int points;

  @Option(
      names = "--steps",
      defaultValue = "10",
      description =
          "Images per segment with --interpolate, ends included (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--path",
      converter = PathConverter.class,
      completionCandidates = PathCandidates.class,
      paramLabel = "linear|slerp",
      description = "Interpolation path: linear or slerp (spherical). Default: linear")
  Interpolation path;

  @Option(
      names = "--batch-size",
      defaultValue = "256",
      description = "Latent vectors per run of the model (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    TrainingNotice.of(model.path).ifPresent(System.err::println);
    boolean countGiven = spec.commandLine().getParseResult().hasMatchedOption("--count");
    OutputFormat f = format != null ? format : OutputFormat.GRID;
    Interpolation p = path != null ? path : Interpolation.LINEAR;
    GenerateJob.Request request =
        new GenerateJob.Request(
            model.path,
            noise,
            count,
            countGiven,
            seed,
            out,
            f,
            zFile,
            interpolate,
            points,
            steps,
            p,
            batchSize,
            label,
            labels);
    GenerateJob.run(request, System.out);
    return 0;
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      for (OutputFormat f : OutputFormat.values()) {
        if (f.flag().equals(value.toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown format '" + value + "'; choose grid, png, idx or npy");
    }
  }

  static final class FormatCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(OutputFormat.values()).map(OutputFormat::flag).iterator();
    }
  }

  static final class PathConverter implements CommandLine.ITypeConverter<Interpolation> {
    @Override
    public Interpolation convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "linear" -> Interpolation.LINEAR;
        case "slerp" -> Interpolation.SLERP;
        default ->
            throw new CommandLine.TypeConversionException(
                "unknown path '" + value + "'; choose linear or slerp");
      };
    }
  }

  static final class PathCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return java.util.List.of("linear", "slerp").iterator();
    }
  }

  @Override
  public java.util.Optional<Path> runFolder() {
    return model.path == null ? java.util.Optional.empty() : TrainingNotice.runOf(model.path);
  }
}
