package dev.jgan.config;

import static dev.jgan.config.SettingType.BOOLEAN;
import static dev.jgan.config.SettingType.INTEGER;
import static dev.jgan.config.SettingType.LONG;
import static dev.jgan.config.SettingType.NUMBER;
import static dev.jgan.config.SettingType.TEXT;

import java.util.List;

/**
 * The second half of the settings table: the run's length, the optimizer, checkpoints, evaluation
 * and exports. As in {@link ModelSettings}, each entry is the whole of a setting and each default
 * carries the reason for its value.
 */
public final class RunSettings {
  private RunSettings() {}

  /** Five epochs show stroke-like digits with the MLP GAN; longer runs sharpen them. */
  public static final Setting<Integer> EPOCHS =
      Setting.of("epochs", INTEGER, 5)
          .check(Checks.POSITIVE_INT, Checks.POSITIVE_FIX)
          .help("Passes over the data");

  public static final Setting<Integer> BATCH_SIZE =
      // The seed tutorial's MLP GAN trains with small batches: more, noisier steps per epoch.
      Setting.of("batch_size", INTEGER, 64)
          // dcgan's batch, learning rates and step on a CPU: 128 images, G at 5e-4 and D at 2e-4,
          // the one-pass step. Chosen with gan evaluate at 3 minutes of a 2-core CPU
          // (docs/QUALITY.md, "dcgan's recipe at 3 minutes"): FID 214-322 on three seeds, where the
          // Keras tutorial's recipe (256 at 2e-4 for both, alternating; the dcgan-keras preset)
          // took so few steps (82-142) that every sample was still black (FID 511 on four runs). D
          // at G's 5e-4 lost G on one seed in three (D won by step 200); at 1e-3 both collapsed on
          // batch 64.
          .defaultFor(Scope.UNCONDITIONAL_DCGAN, 128)
          // A conditional dcgan's batch: at 256 the conditional D (label planes) wins within ~100
          // steps and G dies (all-black samples) with either output; at 64 it trained: rows of the
          // right digits after one epoch.
          .defaultFor(Scope.CONDITIONAL_DCGAN, 64)
          // dcgan-bn's batch: the DCGAN paper trained with mini-batches of 128; 64 as in the TF1
          // reference code halves the memory of a 64x64 RGB step.
          .defaultFor(Scope.DCGAN_BN, 64)
          .check(Checks.POSITIVE_INT, Checks.POSITIVE_FIX)
          .help("Real images per step; D also sees as many generated ones");

  /** No time budget: epochs and max_steps set the run's length. */
  public static final Setting<String> TIME_BUDGET =
      Setting.of("time_budget", TEXT, null)
          .check(RunSettings::budgetProblem)
          .paramLabel("DURATION")
          .help(
              "Train for this long (90s, 15m, 2h, 1h30m), then checkpoint and export as at the end"
                  + " of a run; the ETA counts it. Without --epochs the budget alone ends the run;"
                  + " with --epochs or --max-steps whichever comes first. On --resume it is this"
                  + " session's budget.");

  /**
   * The generator that grids show and export/ holds is an exponential moving average of G's weights
   * (train/GeneratorEma): at no training cost it removes most of the step-to-step jitter
   * (docs/QUALITY.md has the measurements); its warm-up makes short runs average their recent
   * steps.
   */
  public static final Setting<Double> EMA_DECAY =
      Setting.of("ema_decay", NUMBER, 0.999)
          .check(Checks.UNIT_INTERVAL, "use a decay in [0, 1), e.g. 0.999; 0 turns the EMA off")
          .paramLabel("D")
          .help(
              "Samples and export/ come from an exponential moving average of G's weights with"
                  + " this decay (warmed up over the first steps); 0 = the raw generator");

  /** export/ is the EMA generator; the raw weights are exported only on request. */
  public static final Setting<Boolean> EXPORT_RAW_GENERATOR =
      Setting.of("export_raw_generator", BOOLEAN, false)
          .help("Also export G's raw (not averaged) weights in export-raw/");

  /** 0 = no limit; a positive value stops early (smoke tests, quick looks). */
  public static final Setting<Long> MAX_STEPS =
      Setting.of("max_steps", LONG, 0L)
          .check(Checks.NOT_NEGATIVE, "use 0 for no limit or a positive step count")
          .help("Stop after this many steps; 0 = no limit");

  public static final Setting<Long> SEED =
      Setting.of("seed", LONG, 42L).help("Seed of weights, data order and noise");

  public static final Setting<Double> G_LR =
      // DCGAN paper: 2e-4 for both networks (Adam's own default 1e-3 makes GANs oscillate).
      Setting.of("g_lr", NUMBER, 2e-4)
          // dcgan's generator learning rate: see BATCH_SIZE.
          .defaultFor(Scope.UNCONDITIONAL_DCGAN, 5e-4)
          // dcgan-bn's learning rate (both networks) on MNIST-like data: see base_width.
          .defaultFor(Scope.DIGITS_DCGAN_BN, 2e-3)
          // and on an image folder: see base_width.
          .defaultFor(Scope.FOLDER_DCGAN_BN, 2e-3)
          .check(Checks.POSITIVE, Checks.POSITIVE_FIX)
          .help("Generator learning rate");

  public static final Setting<Double> D_LR =
      // DCGAN paper, as G_LR.
      Setting.of("d_lr", NUMBER, 2e-4)
          // dcgan's D keeps 2e-4, slower than its G's 5e-4: see BATCH_SIZE.
          .defaultFor(Scope.DIGITS_DCGAN_BN, 2e-3)
          .defaultFor(Scope.FOLDER_DCGAN_BN, 2e-3)
          .check(Checks.POSITIVE, Checks.POSITIVE_FIX)
          .help("Discriminator learning rate");

  /** Both learning rates at once: a flag only, config.json keeps g_lr and d_lr. */
  public static final Setting<Double> LR =
      Setting.of("lr", NUMBER, null)
          .check(Checks.POSITIVE, Checks.POSITIVE_FIX)
          .shorthandFor(List.of(G_LR, D_LR))
          .help("Adam learning rate of both networks (--g-lr and --d-lr override it)");

  /** DCGAN paper, not Adam's 0.9: less momentum keeps the two-player game stable. */
  public static final Setting<Double> BETA1 =
      Setting.of("beta1", NUMBER, 0.5)
          .check(Checks.UNIT_INTERVAL, Checks.UNIT_INTERVAL_FIX)
          .help("Adam beta1");

  /** Adam's default. */
  public static final Setting<Double> BETA2 =
      Setting.of("beta2", NUMBER, 0.999)
          .check(Checks.UNIT_INTERVAL, Checks.UNIT_INTERVAL_FIX)
          .help("Adam beta2");

  /** Keras' Adam epsilon (TF1's default is 1e-8; Keras raised it for stability). */
  public static final Setting<Double> EPSILON =
      Setting.of("epsilon", NUMBER, 1e-7)
          .check(Checks.POSITIVE, Checks.POSITIVE_FIX)
          .help("Adam epsilon");

  /** One-sided label smoothing (Salimans et al. 2016): D's target for real images. */
  public static final Setting<Double> REAL_LABEL =
      Setting.of("real_label", NUMBER, 0.9)
          .check(t -> t > 0 && t <= 1, "use a target in (0, 1]; 0.9 is one-sided smoothing")
          .help("D's target for real images; 0.9 = one-sided label smoothing");

  /**
   * No augmentation: the steps are exactly those of the runs before the setting existed, and an old
   * config.json without the key reads as none (RunFolder.readConfig). DiffAugment (Zhao et al.
   * 2020) is for small data sets, where D memorizes the real images (docs/DESIGN.md,
   * "Augmentation").
   */
  public static final Setting<List<Augment>> AUGMENT =
      Setting.of("augment", SettingType.choiceSet(Augment.class, Augment.NONE), List.of())
          // dcgan-bn on an image folder: all three. A folder is small (a few hundred images make
          // an epoch of a few steps), and without augmentation its D learns the images by heart:
          // on the 587 Oxygen icons the folder recipe's D(G(z)) fell to 0.02 by step 2,000 and
          // its generator collapsed to a few images by 15 minutes (docs/QUALITY.md, "Image
          // folders"), where the augmented run kept improving.
          .defaultFor(
              Scope.FOLDER_DCGAN_BN, List.of(Augment.COLOR, Augment.TRANSLATION, Augment.CUTOUT))
          .paramLabel("none|color,translation,cutout")
          .help(
              "Differentiable augmentation (DiffAugment) of every image D sees in training, real"
                  + " and generated, with gradients through it into G: color (brightness,"
                  + " saturation, contrast), translation (up to 1/8 of the size, zero padded),"
                  + " cutout (a square of half the size); any of them, comma-separated, applied"
                  + " in that order; none = off. Samples and exports are not augmented.");

  /** Sample grids are grid x grid images: 10 x 10 = 100 fixed-noise samples per epoch. */
  public static final Setting<Integer> SAMPLE_GRID =
      Setting.of("sample_grid", INTEGER, 10)
          .check(Checks.POSITIVE_INT, Checks.POSITIVE_FIX)
          .help("Sample grids are N x N images");

  /** A checkpoint after every epoch: an MLP epoch on MNIST takes seconds, a DCGAN's minutes. */
  public static final Setting<Integer> CHECKPOINT_EVERY =
      Setting.of("checkpoint_every", INTEGER, 1)
          .check(Checks.POSITIVE_INT, Checks.POSITIVE_FIX)
          .paramLabel("EPOCHS")
          .help("Checkpoint every N epochs, and always at the end");

  /**
   * A checkpoint every 10 minutes of training as well: a dcgan epoch on MNIST takes ~8 minutes on a
   * CPU and a 64x64 folder run far longer, and a kill should lose minutes, not an epoch. A
   * checkpoint of a small model takes well under a second, so this costs nothing noticeable.
   */
  public static final Setting<Double> CHECKPOINT_EVERY_MINUTES =
      Setting.of("checkpoint_every_minutes", NUMBER, 10.0)
          .check(m -> m >= 0 && !m.isInfinite(), "use 0 (off) or a positive number of minutes")
          .paramLabel("M")
          .help(
              "Also checkpoint after the step that ends M minutes of training since the last"
                  + " checkpoint; 0 = off");

  /** No step cadence by default: time and epochs cover it; for runs that want exact positions. */
  public static final Setting<Long> CHECKPOINT_EVERY_STEPS =
      Setting.of("checkpoint_every_steps", LONG, 0L)
          .check(Checks.NOT_NEGATIVE, "use 0 (off) or a step count")
          .paramLabel("N")
          .help("Also checkpoint every N steps; 0 = off");

  /** Checkpoints kept (older ones are deleted): enough to step back past a bad one. */
  public static final Setting<Integer> KEEP =
      Setting.of("keep", INTEGER, 3)
          .check(Checks.POSITIVE_INT, Checks.POSITIVE_FIX)
          .help("Checkpoints to keep");

  /** The discriminator is a training aid; export it only when asked. */
  public static final Setting<Boolean> EXPORT_DISCRIMINATOR =
      Setting.of("export_discriminator", BOOLEAN, false)
          .help(
              "Also export D as a SavedModel in export-discriminator/ (signature 'discriminate':"
                  + " images -> probability real)");

  /** 0 = no evaluation during training: it costs a generator export and a classifier pass. */
  public static final Setting<Integer> EVAL_EVERY =
      Setting.of("eval_every", INTEGER, 0)
          .check(e -> e >= 0, "use 0 (no evaluation) or a positive number of epochs")
          .paramLabel("EPOCHS")
          .help(
              "Every N epochs export G and evaluate it on --eval-count images (FID, KID, class"
                  + " entropy): a line in eval.jsonl, eval/* in TensorBoard, the best-FID export in"
                  + " export-best/. MNIST-like data only; 0 = off");

  /**
   * Images per in-training evaluation: 1000 keeps FID's bias small enough to rank epochs of one run
   * (gan evaluate's 10,000 is the number to report) at a few seconds per evaluation.
   */
  public static final Setting<Integer> EVAL_COUNT =
      Setting.of("eval_count", INTEGER, 1000)
          .check(
              n -> n >= TrainConfig.MIN_EVAL_COUNT && n <= TrainConfig.MAX_EVAL_COUNT,
              "use "
                  + TrainConfig.MIN_EVAL_COUNT
                  + ".."
                  + TrainConfig.MAX_EVAL_COUNT
                  + " images (the test set's size)")
          .paramLabel("N")
          .help("Images per evaluation of --eval-every");

  /** Collapse is reported (a WARN line) but the run goes on unless asked to stop. */
  public static final Setting<Boolean> STOP_ON_COLLAPSE =
      Setting.of("stop_on_collapse", BOOLEAN, false)
          .help(
              "Stop the run (checkpoint, exit 1) when collapse is detected: D wins, G's loss"
                  + " explodes, blank samples, few distinct samples at an epoch's end, or a low"
                  + " class entropy at an evaluation");

  /** This half of the table, in the order help lists it. */
  static List<Setting<?>> all() {
    return List.of(
        EPOCHS,
        BATCH_SIZE,
        TIME_BUDGET,
        EMA_DECAY,
        EXPORT_RAW_GENERATOR,
        MAX_STEPS,
        SEED,
        LR,
        G_LR,
        D_LR,
        BETA1,
        BETA2,
        EPSILON,
        REAL_LABEL,
        AUGMENT,
        SAMPLE_GRID,
        CHECKPOINT_EVERY,
        CHECKPOINT_EVERY_MINUTES,
        CHECKPOINT_EVERY_STEPS,
        KEEP,
        EXPORT_DISCRIMINATOR,
        EVAL_EVERY,
        EVAL_COUNT,
        STOP_ON_COLLAPSE);
  }

  /** What is wrong with a time budget, or null. */
  private static String budgetProblem(String budget) {
    try {
      TimeBudgets.parse(budget);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
