package dev.jgan.generate;

import dev.jgan.BadInputException;
import dev.jgan.config.TrainConfig;
import dev.jgan.export.GeneratorExporter;
import dev.jgan.export.SavedModelVariables;
import dev.jgan.model.ImageShape;
import dev.jgan.run.RunFolder;
import dev.jgan.runtime.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * An exported generator loaded for inference: only the SavedModel (tag {@code serve}, signature
 * {@code serving_default}, {@code z} float32 [N, latent] -> {@code images} float32 [N, H, W, C]),
 * never the training graph. A conditional generator also takes {@code labels} int32 [N] in [0, K);
 * K comes from the SavedModel's {@code num_classes} constant, else from the run's config.json.
 */
public final class GeneratorModel implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final Path savedModelDir;
  private final int latentDim;
  private final String noise;
  private final int classes;
  private ImageShape imageShape;

  private GeneratorModel(
      SavedModelBundle bundle,
      SessionFunction function,
      Path savedModelDir,
      int latentDim,
      String noise,
      int classes,
      ImageShape imageShape) {
    this.bundle = bundle;
    this.function = function;
    this.savedModelDir = savedModelDir;
    this.latentDim = latentDim;
    this.noise = noise;
    this.classes = classes;
    this.imageShape = imageShape;
  }

  /**
   * @param path a run folder (with export/ and config.json) or a SavedModel folder
   * @param noiseOverride "uniform" or "normal", or null for the run's setting (uniform without one)
   */
  public static GeneratorModel load(Path path, String noiseOverride) {
    if (noiseOverride != null
        && !noiseOverride.equals("uniform")
        && !noiseOverride.equals("normal")) {
      throw new BadInputException(
          "bad --noise: " + noiseOverride + "; choose uniform (U[-1,1]) or normal (N(0,1))");
    }
    if (!Files.exists(path)) {
      throw new BadInputException(
          "--model " + path + " does not exist; pass a run folder from 'gan train' or its export/");
    }
    Path savedModel;
    if (Files.isRegularFile(new RunFolder(path).export().resolve("saved_model.pb"))) {
      savedModel = new RunFolder(path).export();
    } else if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
      savedModel = path;
    } else {
      throw new BadInputException(
          "--model "
              + path
              + " is neither a run folder (with export/saved_model.pb) nor a SavedModel folder"
              + " (with saved_model.pb); pass a run folder from 'gan train' or its export/ folder");
    }
    // A run folder's config.json, also for one of its exports (export/, export-raw/, export-best/).
    Optional<TrainConfig> config = RunFolder.containing(savedModel).flatMap(RunFolder::readConfig);
    Integer configLatent = config.map(TrainConfig::latentDim).orElse(null);
    String configNoise = config.map(c -> c.noise().spelling()).orElse(null);
    Integer configClasses =
        config
            .filter(c -> c.conditional() && c.classes() > 0)
            .map(TrainConfig::classes)
            .orElse(null);

    SavedModelVariables.require(savedModel, "--model " + path);
    SavedModelBundle bundle;
    try {
      bundle =
          SavedModelBundle.loader(savedModel.toString())
              .withTags(GeneratorExporter.TAG)
              .withConfigProto(SessionOptions.processDefault().configProto())
              .load();
    } catch (RuntimeException e) {
      throw new BadInputException(
          "--model "
              + path
              + ": cannot load the SavedModel in "
              + savedModel
              + " with tag '"
              + GeneratorExporter.TAG
              + "' ("
              + firstLine(e.getMessage())
              + "); pass an export/ folder written by 'gan train'",
          e);
    }
    try {
      Signature signature =
          bundle.signatures().stream()
              .filter(s -> s.key().equals(GeneratorExporter.SIGNATURE))
              .findFirst()
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "--model "
                              + path
                              + ": the SavedModel has no '"
                              + GeneratorExporter.SIGNATURE
                              + "' signature (it has "
                              + bundle.signatures().stream().map(Signature::key).toList()
                              + "); export the generator with 'gan train'"));
      Signature.TensorDescription z = signature.getInputs().get(GeneratorExporter.INPUT);
      Signature.TensorDescription images = signature.getOutputs().get(GeneratorExporter.OUTPUT);
      if (z == null || images == null) {
        throw new BadInputException(
            "--model "
                + path
                + ": signature '"
                + GeneratorExporter.SIGNATURE
                + "' must have input 'z' and output 'images' but has inputs "
                + signature.inputNames()
                + " and outputs "
                + signature.outputNames()
                + "; export the generator with 'gan train'");
      }
      if (z.dataType != DataType.DT_FLOAT || images.dataType != DataType.DT_FLOAT) {
        throw new BadInputException(
            "--model " + path + ": 'z' and 'images' must be float32; export with 'gan train'");
      }
      int signatureLatent =
          z.shape != null && z.shape.numDimensions() == 2 ? (int) z.shape.get(1) : -1;
      int latent;
      if (signatureLatent > 0) {
        if (configLatent != null && configLatent != signatureLatent) {
          throw new BadInputException(
              "--model "
                  + path
                  + ": config.json says latent_dim "
                  + configLatent
                  + " but the SavedModel's input z has width "
                  + signatureLatent
                  + "; the run folder is inconsistent, pass its export/ folder instead");
        }
        latent = signatureLatent;
      } else if (configLatent != null && configLatent > 0) {
        latent = configLatent;
      } else {
        throw new BadInputException(
            "--model "
                + path
                + ": the latent width is unknown (input z has shape "
                + z.shape
                + " and there is no config.json with latent_dim); pass a run folder");
      }
      String noise = noiseOverride != null ? noiseOverride : configNoise;
      if (noise == null) {
        noise = "uniform";
      }
      if (!noise.equals("uniform") && !noise.equals("normal")) {
        throw new BadInputException(
            path.resolve(RunFolder.CONFIG)
                + ": noise is '"
                + noise
                + "'; pass --noise uniform or --noise normal");
      }
      int classes = 0;
      Signature.TensorDescription labels = signature.getInputs().get(GeneratorExporter.LABELS);
      if (labels != null) {
        if (labels.dataType != DataType.DT_INT32) {
          throw new BadInputException(
              "--model " + path + ": input 'labels' must be int32; export with 'gan train'");
        }
        classes = classesOf(bundle, path, configClasses);
      }
      if (signature.getInputs().size() != (labels != null ? 2 : 1)) {
        throw new BadInputException(
            "--model "
                + path
                + ": signature '"
                + GeneratorExporter.SIGNATURE
                + "' has inputs "
                + signature.inputNames()
                + "; expected z (and labels); export the generator with 'gan train'");
      }
      ImageShape shape = shapeOf(images.shape);
      return new GeneratorModel(
          bundle,
          bundle.function(GeneratorExporter.SIGNATURE),
          savedModel,
          latent,
          noise,
          classes,
          shape);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * Which weights this SavedModel holds, as far as its run's config.json tells: "EMA generator
   * (ema_decay D)" for export/ and export-best/ of a run with an EMA, "raw generator" for
   * export-raw/ or a run without one, "unknown ..." for a SavedModel outside a run folder.
   */
  public String weights() {
    Optional<TrainConfig> config =
        RunFolder.containing(savedModelDir).flatMap(RunFolder::readConfig);
    if (config.isEmpty()) {
      return "unknown (a SavedModel outside a run folder)";
    }
    double decay = config.get().emaDecay();
    boolean raw = savedModelDir.getFileName().toString().equals("export-raw");
    return decay > 0 && !raw ? "EMA generator (ema_decay " + decay + ")" : "raw generator";
  }

  public int latentDim() {
    return latentDim;
  }

  /** K of a conditional generator (labels in [0, K)), 0 for an unconditional one. */
  public int classes() {
    return classes;
  }

  /**
   * The class count of a conditional SavedModel: its {@code num_classes} constant, checked against
   * the run's config.json when both exist.
   */
  private static int classesOf(SavedModelBundle bundle, Path path, Integer configClasses) {
    Integer saved = null;
    if (bundle.graph().operation(GeneratorExporter.CLASSES) != null) {
      try (Result r = bundle.session().runner().fetch(GeneratorExporter.CLASSES).run()) {
        saved = ((TInt32) r.get(0)).getInt();
      }
    }
    if (saved != null && configClasses != null && !saved.equals(configClasses)) {
      throw new BadInputException(
          "--model "
              + path
              + ": config.json says classes "
              + configClasses
              + " but the SavedModel was exported with "
              + saved
              + "; the run folder is inconsistent, pass its export/ folder instead");
    }
    Integer classes = saved != null ? saved : configClasses;
    if (classes == null || classes < 2) {
      throw new BadInputException(
          "--model "
              + path
              + ": the generator takes labels but its number of classes is unknown (no '"
              + GeneratorExporter.CLASSES
              + "' constant and no config.json with classes); pass the run folder");
    }
    return classes;
  }

  /** "uniform" (U[-1, 1]) or "normal" (N(0, 1)): the distribution random z is drawn from. */
  public String noise() {
    return noise;
  }

  public Path savedModelDir() {
    return savedModelDir;
  }

  /** The shape of one image, or null while the signature leaves it open and nothing has run. */
  public ImageShape imageShape() {
    return imageShape;
  }

  /**
   * Runs one batch through the generator.
   *
   * @param z {@code count * latentDim} values
   * @return {@code count * H * W * C} values, NHWC, in [-1, 1]
   */
  public float[] generate(float[] z, int count) {
    return generate(z, null, count);
  }

  /**
   * Runs one batch through a conditional generator.
   *
   * @param labels {@code count} labels in [0, classes), or null for an unconditional generator
   */
  public float[] generate(float[] z, int[] labels, int count) {
    if (z.length != (long) count * latentDim) {
      throw new IllegalArgumentException(z.length + " != " + count + " x " + latentDim);
    }
    if ((labels != null) != (classes > 0) || (labels != null && labels.length != count)) {
      throw new IllegalArgumentException(
          (labels == null ? "no" : labels.length) + " labels for " + count + " images");
    }
    Map<String, Tensor> inputs = new HashMap<>();
    try (TFloat32 zt =
            TFloat32.tensorOf(Shape.of(count, latentDim), DataBuffers.of(z, true, false));
        TInt32 lt =
            labels == null
                ? null
                : TInt32.tensorOf(Shape.of(count), DataBuffers.of(labels, true, false))) {
      inputs.put(GeneratorExporter.INPUT, zt);
      if (lt != null) {
        inputs.put(GeneratorExporter.LABELS, lt);
      }
      return run(inputs, count);
    }
  }

  private float[] run(Map<String, Tensor> inputs, int count) {
    try (Result result = function.call(inputs)) {
      Tensor out =
          result
              .get(GeneratorExporter.OUTPUT)
              .orElseThrow(() -> new IllegalStateException("the model returned no 'images'"));
      if (!(out instanceof TFloat32 images)) {
        throw new IllegalStateException("'images' is " + out.dataType() + ", expected float32");
      }
      Shape shape = images.shape();
      if (shape.numDimensions() != 4 || shape.get(0) != count) {
        throw new IllegalStateException(
            "'images' has shape " + shape + ", expected [" + count + ", H, W, C]");
      }
      ImageShape produced =
          new ImageShape((int) shape.get(1), (int) shape.get(2), (int) shape.get(3));
      if (imageShape != null && !imageShape.equals(produced)) {
        throw new IllegalStateException(
            "'images' has shape " + shape + " but the signature declares " + imageShape);
      }
      imageShape = produced;
      float[] pixels = new float[Math.toIntExact(shape.size())];
      images.copyTo(DataBuffers.of(pixels, false, false));
      return pixels;
    }
  }

  @Override
  public void close() {
    bundle.close();
  }

  private static ImageShape shapeOf(Shape shape) {
    if (shape == null || shape.isUnknown() || shape.numDimensions() != 4) {
      return null;
    }
    for (int i = 1; i < 4; i++) {
      if (shape.get(i) <= 0) {
        return null;
      }
    }
    return new ImageShape((int) shape.get(1), (int) shape.get(2), (int) shape.get(3));
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no details";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
