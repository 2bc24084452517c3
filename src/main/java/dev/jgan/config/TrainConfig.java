package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.jgan.BadInputException;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.TrainingData;
import dev.jgan.model.ImageShape;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every setting of a training run. The JSON form (snake_case keys) is what {@code config.json}
 * holds, what {@code --config} reads and what presets are written in; {@link ConfigResolver} fills
 * it from defaults, a file and flags, and {@link #validate()} rejects bad values at the boundary.
 *
 * <p>The defaults live in {@link Defaults}, each with the reason for its value.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrainConfig(
    ModelKind model,
    String dataset,
    String data,
    int epochs,
    int batchSize,
    long maxSteps,
    long seed,
    int latentDim,
    Noise noise,
    List<Integer> gHidden,
    List<Integer> dHidden,
    int imageSize,
    int channels,
    int baseWidth,
    double dDropout,
    GOutput gOutput,
    boolean conditional,
    int classes,
    Update update,
    BatchSource batchSource,
    Precision precision,
    double gLr,
    double dLr,
    double beta1,
    double beta2,
    double epsilon,
    double realLabel,
    int sampleGrid,
    int checkpointEvery,
    int keep,
    boolean exportDiscriminator,
    int evalEvery,
    int evalCount,
    boolean stopOnCollapse,
    double emaDecay,
    boolean exportRawGenerator,
    String timeBudget,
    double checkpointEveryMinutes,
    long checkpointEverySteps) {

  /** The data set of images from a folder or archive ({@code --data}). */
  public static final String FOLDER = TrainingData.FOLDER;

  public static final Set<String> DATASETS =
      Stream.concat(DatasetSpec.known().stream().map(DatasetSpec::name), Stream.of(FOLDER))
          .collect(Collectors.toSet());

  /** Images per in-training evaluation at least and at most (those of {@code gan evaluate}). */
  public static final int MIN_EVAL_COUNT = 10;

  public static final int MAX_EVAL_COUNT = 10_000;

  /** Labels are stored as bytes: at most 256 classes. */
  public static final int MAX_CLASSES = 256;

  /** Throws {@link BadInputException} naming the first bad setting and how to fix it. */
  public TrainConfig validate() {
    required("model", model, ModelKind.class);
    oneOf("dataset", dataset, DATASETS);
    required("noise", noise, Noise.class);
    required("g_output", gOutput, GOutput.class);
    required("update", update, Update.class);
    required("batch_source", batchSource, BatchSource.class);
    required("precision", precision, Precision.class);
    if (gOutput == GOutput.SIGMOID && model != ModelKind.DCGAN) {
      throw bad("g_output", gOutput, "the sigmoid recipe is dcgan's; use tanh for " + model);
    }
    positive("epochs", epochs);
    positive("batch_size", batchSize);
    positive("latent_dim", latentDim);
    positive("sample_grid", sampleGrid);
    positive("checkpoint_every", checkpointEvery);
    positive("keep", keep);
    if (!(checkpointEveryMinutes >= 0) || Double.isInfinite(checkpointEveryMinutes)) {
      throw bad(
          "checkpoint_every_minutes",
          checkpointEveryMinutes,
          "use 0 (off) or a positive number of minutes");
    }
    if (checkpointEverySteps < 0) {
      throw bad("checkpoint_every_steps", checkpointEverySteps, "use 0 (off) or a step count");
    }
    if (maxSteps < 0) {
      throw bad("max_steps", maxSteps, "use 0 for no limit or a positive step count");
    }
    widths("g_hidden", gHidden);
    widths("d_hidden", dHidden);
    positive("base_width", baseWidth);
    if (!(dDropout >= 0 && dDropout < 1)) {
      throw bad("d_dropout", dDropout, "use a rate in [0, 1); 0 turns dropout off");
    }
    ImageRules.check(this);
    if (classes < 0 || classes == 1 || classes > MAX_CLASSES) {
      throw bad(
          "classes",
          classes,
          "use 0 (the data set's class count) or 2.." + MAX_CLASSES + " with --conditional");
    }
    if (classes > 0 && !conditional) {
      throw bad("classes", classes, "classes apply to --conditional runs only; use 0 or add it");
    }
    positive("g_lr", gLr);
    positive("d_lr", dLr);
    positive("epsilon", epsilon);
    unitInterval("beta1", beta1);
    unitInterval("beta2", beta2);
    if (!(realLabel > 0 && realLabel <= 1)) {
      throw bad("real_label", realLabel, "use a target in (0, 1]; 0.9 is one-sided smoothing");
    }
    checkEval();
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw bad("ema_decay", emaDecay, "use a decay in [0, 1), e.g. 0.999; 0 turns the EMA off");
    }
    if (exportRawGenerator && emaDecay == 0) {
      throw bad(
          "export_raw_generator",
          true,
          "without an EMA (ema_decay 0) export/ already holds the raw generator; drop it");
    }
    if (timeBudget != null) {
      try {
        TimeBudgets.parse(timeBudget);
      } catch (IllegalArgumentException e) {
        throw bad("time_budget", timeBudget, e.getMessage());
      }
    }
    return this;
  }

  /** The training time this run may use, if it has a budget. */
  public java.util.Optional<java.time.Duration> timeBudgetDuration() {
    return java.util.Optional.ofNullable(timeBudget).map(TimeBudgets::parse);
  }

  /**
   * eval_every/eval_count: evaluation needs an MNIST-like data set (and so a 28x28x1/32x32x1 G).
   */
  private void checkEval() {
    if (evalEvery < 0) {
      throw bad("eval_every", evalEvery, "use 0 (no evaluation) or a positive number of epochs");
    }
    if (evalCount < MIN_EVAL_COUNT || evalCount > MAX_EVAL_COUNT) {
      throw bad(
          "eval_count",
          evalCount,
          "use " + MIN_EVAL_COUNT + ".." + MAX_EVAL_COUNT + " images (the test set's size)");
    }
    if (evalEvery == 0) {
      return;
    }
    if (dataset.equals(FOLDER)) {
      throw bad(
          "eval_every",
          evalEvery,
          "evaluation during training needs an MNIST-like data set (mnist, fashion-mnist) with a"
              + " bundled classifier; --dataset folder has none, so drop --eval-every");
    }
    // The other data sets are MNIST-like: ImageRules (checked above) already holds their models
    // to 28x28x1, or 32x32x1 for dcgan-bn, the shapes evaluation takes.
  }

  /** The shape of the images this run trains on and generates (automatic choices resolved). */
  public ImageShape imageShape() {
    return ImageRules.shape(model, dataset, imageSize, channels);
  }

  /** This config with a new epoch count and step limit (what --resume may change). */
  public TrainConfig withLength(int newEpochs, long newMaxSteps) {
    return with(Map.of("epochs", newEpochs, "maxSteps", newMaxSteps));
  }

  /** This config with another time budget (null: none), which --resume may change. */
  public TrainConfig withTimeBudget(String budget) {
    return with(java.util.Collections.singletonMap("timeBudget", budget));
  }

  /** This config with the class count resolved from the data ({@code classes} of config.json). */
  public TrainConfig withClasses(int newClasses) {
    return with(Map.of("classes", newClasses));
  }

  /**
   * This config with some components (by their Java names) changed; not validated. A copy through
   * the canonical constructor, so that a new setting needs no change here.
   */
  private TrainConfig with(Map<String, Object> changes) {
    RecordComponent[] components = TrainConfig.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        String name = components[i].getName();
        types[i] = components[i].getType();
        values[i] =
            changes.containsKey(name)
                ? changes.get(name)
                : components[i].getAccessor().invoke(this);
      }
      return TrainConfig.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy the config with " + changes.keySet(), e);
    }
  }

  /** The command-line flag of a config key: batch_size -> --batch-size. */
  public static String flagOf(String key) {
    return "--" + key.replace('_', '-');
  }

  private static void oneOf(String key, String value, Set<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      throw bad(
          key, value, "choose one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
  }

  /** A choice that a config file set to null: the same message as a misspelt one. */
  private static <E extends Enum<E> & Choice> void required(String key, E value, Class<E> type) {
    if (value == null) {
      throw bad(key, null, "choose one of " + Choice.spellings(type));
    }
  }

  private static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw bad(key, value, "it must be a positive number");
    }
  }

  private static void unitInterval(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw bad(key, value, "it must be in [0, 1)");
    }
  }

  private static void widths(String key, List<Integer> widths) {
    if (widths == null || widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w <= 0)) {
      throw bad(key, widths, "give one or more positive layer widths, e.g. 128,128");
    }
  }

  static BadInputException bad(String key, Object value, String fix) {
    return new BadInputException("bad " + key + " (" + flagOf(key) + "): " + value + "; " + fix);
  }
}
