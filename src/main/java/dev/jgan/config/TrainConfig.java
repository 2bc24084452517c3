package dev.jgan.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.jgan.BadInputException;
import dev.jgan.data.DatasetSpec;
import dev.jgan.data.TrainingData;
import dev.jgan.model.ImageShape;
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
 * <p>Each component is a setting of the table ({@link Settings}): its key, type, default (with the
 * reason for its value), per-model defaults, check and help text are declared there once.
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
    long checkpointEverySteps,
    List<Augment> augment) {

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

  /**
   * Throws {@link BadInputException} naming the first bad setting and how to fix it: each value
   * against its entry in the settings table, then the rules that tie settings together.
   */
  public TrainConfig validate() {
    Settings.values(this).forEach(TrainConfig::checkOne);
    if (gOutput == GOutput.SIGMOID && model != ModelKind.DCGAN) {
      throw bad("g_output", gOutput, "the sigmoid recipe is dcgan's; use tanh for " + model);
    }
    ImageRules.check(this);
    if (classes > 0 && !conditional) {
      throw bad("classes", classes, "classes apply to --conditional runs only; use 0 or add it");
    }
    checkEval();
    if (exportRawGenerator && emaDecay == 0) {
      throw bad(
          "export_raw_generator",
          true,
          "without an EMA (ema_decay 0) export/ already holds the raw generator; drop it");
    }
    return this;
  }

  /** One value against its table entry (a config built in code skips the resolver's reading). */
  private static void checkOne(String key, Object value) {
    Setting<?> setting = Settings.find(key).orElseThrow();
    try {
      setting.fromCode(value);
    } catch (IllegalArgumentException e) {
      throw bad(key, value, e.getMessage());
    }
  }

  /** The training time this run may use, if it has a budget. */
  public java.util.Optional<java.time.Duration> timeBudgetDuration() {
    return java.util.Optional.ofNullable(timeBudget).map(TimeBudgets::parse);
  }

  /**
   * eval_every/eval_count: evaluation needs an MNIST-like data set (and so a 28x28x1/32x32x1 G).
   */
  private void checkEval() {
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
    return with(Map.of("epochs", newEpochs, "max_steps", newMaxSteps));
  }

  /** This config with another time budget (null: none), which --resume may change. */
  public TrainConfig withTimeBudget(String budget) {
    return with(java.util.Collections.singletonMap("time_budget", budget));
  }

  /** This config with the class count resolved from the data ({@code classes} of config.json). */
  public TrainConfig withClasses(int newClasses) {
    return with(Map.of("classes", newClasses));
  }

  /** This config with some settings (by key) changed; not validated. */
  private TrainConfig with(Map<String, Object> changes) {
    Map<String, Object> values = Settings.values(this);
    values.putAll(changes);
    return Settings.config(values);
  }

  /** The command-line flag of a config key: batch_size -> --batch-size. */
  public static String flagOf(String key) {
    return "--" + key.replace('_', '-');
  }

  /** The longest value a message shows whole: a 12-million-entry list must not be one line. */
  static final int SHOWN_VALUE_CHARS = 80;

  static BadInputException bad(String key, Object value, String fix) {
    String shown =
        value instanceof Double number
            ? SettingType.formatNumber(number)
            : value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList()) // as typed
                : String.valueOf(value);
    if (shown.length() > SHOWN_VALUE_CHARS) {
      shown = shown.substring(0, SHOWN_VALUE_CHARS) + "... (" + shown.length() + " characters)";
    }
    return new BadInputException("bad " + key + " (" + flagOf(key) + "): " + shown + "; " + fix);
  }
}
