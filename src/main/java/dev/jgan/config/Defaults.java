package dev.jgan.config;

import java.util.List;

/** The default of every setting, with the reason for it. */
public final class Defaults {
  private Defaults() {}

  /** {@link #MODEL} as flags spell it (help texts are annotations: they need a constant). */
  public static final String MODEL_NAME = "mlp";

  public static final ModelKind MODEL = ModelKind.of(MODEL_NAME);
  public static final String DATASET = "mnist";

  /** Five epochs show stroke-like digits with the MLP GAN; longer runs sharpen them. */
  public static final int EPOCHS = 5;

  /** The seed tutorial's MLP GAN trains with small batches: more, noisier steps per epoch. */
  public static final int BATCH_SIZE = 64;

  /** 0 = no limit; a positive value stops early (smoke tests, quick looks). */
  public static final long MAX_STEPS = 0;

  public static final long SEED = 42;

  /** The seed tutorial's latent size. */
  public static final int LATENT_DIM = 100;

  /** The seed tutorial samples z uniformly in [-1, 1]; "normal" is the DCGAN-paper choice. */
  public static final Noise NOISE = Noise.UNIFORM;

  /** The seed tutorial's widths (the PyTorch variant uses G 256-512-1024, D 1024-512-256). */
  public static final List<Integer> G_HIDDEN = List.of(128, 128);

  public static final List<Integer> D_HIDDEN = List.of(128, 128);

  /** 0 = the model's size for the data set (28 for MNIST-like data, 32 or 64 for dcgan-bn). */
  public static final int IMAGE_SIZE = 0;

  /** 0 = the data set's channels (1 for MNIST-like data, 3 for image folders). */
  public static final int CHANNELS = 0;

  /** dcgan-bn's g: the widest layer has 8g channels at 64x64. 64 as in the TF1 DCGAN code. */
  public static final int BASE_WIDTH = 64;

  /** dcgan's discriminator dropout, the Keras tutorial's 0.4 (other models have none). */
  public static final double D_DROPOUT = 0.4;

  /** Unconditional by default: G makes images of any class, as in the seed tutorial. */
  public static final boolean CONDITIONAL = false;

  /** 0 = for a conditional run, the data set's class count (10 for MNIST), set at train start. */
  public static final int CLASSES = 0;

  /** G's last activation: tanh (see ModelDefaults for dcgan's sigmoid recipe). */
  public static final GOutput G_OUTPUT = GOutput.TANH;

  /**
   * Alternating updates, as in Goodfellow et al.'s algorithm and the seed tutorial: G learns
   * against the D it must now fool. "simultaneous" (the TF DCGAN tutorial's step) is ~25% less
   * arithmetic for dcgan; docs/PERFORMANCE.md compares the two.
   */
  public static final Update UPDATE = Update.ALTERNATING;

  /**
   * The training set in the graph when it fits ({@link BatchSource#AUTO}): the step then feeds only
   * its batch's indices (docs/PERFORMANCE.md measures both).
   */
  public static final BatchSource BATCH_SOURCE = BatchSource.AUTO;

  /**
   * float32 everywhere. "bfloat16" (oneDNN's mixed precision for convolutions and MatMul) needs a
   * CPU with AVX-512, and pays off with AVX-512 BF16 or AMX; train refuses it without AVX-512.
   */
  public static final Precision PRECISION = Precision.FLOAT32;

  /** DCGAN paper: 2e-4 for both networks (Adam's own default 1e-3 makes GANs oscillate). */
  public static final double LEARNING_RATE = 2e-4;

  /** DCGAN paper, not Adam's 0.9: less momentum keeps the two-player game stable. */
  public static final double BETA1 = 0.5;

  /** Adam's default. */
  public static final double BETA2 = 0.999;

  /** Keras' Adam epsilon (TF1's default is 1e-8; Keras raised it for stability). */
  public static final double EPSILON = 1e-7;

  /** One-sided label smoothing (Salimans et al. 2016): D's target for real images. */
  public static final double REAL_LABEL = 0.9;

  /** Sample grids are grid x grid images: 10 x 10 = 100 fixed-noise samples per epoch. */
  public static final int SAMPLE_GRID = 10;

  /** A checkpoint after every epoch: an MLP epoch on MNIST takes seconds, a DCGAN's minutes. */
  public static final int CHECKPOINT_EVERY = 1;

  /**
   * A checkpoint every 10 minutes of training as well: a dcgan epoch on MNIST takes ~8 minutes on a
   * CPU and a 64x64 folder run far longer, and a kill should lose minutes, not an epoch. A
   * checkpoint of a small model takes well under a second, so this costs nothing noticeable.
   */
  public static final double CHECKPOINT_EVERY_MINUTES = 10;

  /** No step cadence by default: time and epochs cover it; for runs that want exact positions. */
  public static final long CHECKPOINT_EVERY_STEPS = 0;

  /** Checkpoints kept (older ones are deleted): enough to step back past a bad one. */
  public static final int KEEP = 3;

  /** The discriminator is a training aid; export it only when asked. */
  public static final boolean EXPORT_DISCRIMINATOR = false;

  /** 0 = no evaluation during training: it costs a generator export and a classifier pass. */
  public static final int EVAL_EVERY = 0;

  /**
   * Images per in-training evaluation: 1000 keeps FID's bias small enough to rank epochs of one run
   * (gan evaluate's 10,000 is the number to report) at a few seconds per evaluation.
   */
  public static final int EVAL_COUNT = 1000;

  /**
   * dcgan's batch, learning rates and step on a CPU: 128 images, G at 5e-4 and D at 2e-4, the
   * one-pass step. Chosen with gan evaluate at 3 minutes of a 2-core CPU (docs/QUALITY.md, "dcgan's
   * recipe at 3 minutes"): FID 214-322 on three seeds, where the Keras tutorial's recipe (256 at
   * 2e-4 for both, alternating; the dcgan-keras preset) took so few steps (82-142) that every
   * sample was still black (FID 511 on four runs). D at G's 5e-4 lost G on one seed in three (D won
   * by step 200); at 1e-3 both collapsed on batch 64.
   */
  public static final int DCGAN_BATCH_SIZE = 128;

  /** dcgan's generator learning rate: see {@link #DCGAN_BATCH_SIZE}. */
  public static final double DCGAN_G_LEARNING_RATE = 5e-4;

  /** dcgan's discriminator learning rate, slower than G's: see {@link #DCGAN_BATCH_SIZE}. */
  public static final double DCGAN_D_LEARNING_RATE = 2e-4;

  /** dcgan's step: see {@link #DCGAN_BATCH_SIZE}. */
  public static final Update DCGAN_UPDATE = Update.ONE_PASS;

  /**
   * A conditional dcgan's batch: at 256 the conditional D (label planes) wins within ~100 steps and
   * G dies (all-black samples) with either output; at 64 it trained: rows of the right digits after
   * one epoch.
   */
  public static final int CONDITIONAL_DCGAN_BATCH_SIZE = 64;

  /**
   * dcgan-bn's batch: the DCGAN paper trained with mini-batches of 128; 64 as in the TF1 reference
   * code halves the memory of a 64x64 RGB step.
   */
  public static final int DCGAN_BN_BATCH_SIZE = 64;

  /**
   * dcgan-bn on MNIST and Fashion-MNIST (28x28 grey, padded to 32x32): a narrower network (base
   * width 32, G 128-64-32 channels) at ten times the paper's learning rate. Chosen by a sweep
   * measured with gan evaluate (docs/QUALITY.md): in the steps that 3 minutes of a 2-core CPU buy
   * it reached FID 5.6, the best of the widths and batches tried; lower rates learnt slower (FID 49
   * at 1e-3 and 87 at 5e-4 where 2e-3 gave 41, all at 1,200 steps of width 16).
   */
  public static final int DIGITS_DCGAN_BN_BASE_WIDTH = 32;

  /** dcgan-bn's learning rate (both networks) on MNIST-like data; see the base width above. */
  public static final double DIGITS_DCGAN_BN_LEARNING_RATE = 2e-3;

  /**
   * dcgan-bn's step on MNIST-like data: pytorch/examples' one-pass step, 14-20% more steps per
   * minute than alternating, and a lower FID in the same time on each of the five seeds measured
   * without disturbance (docs/QUALITY.md, "one-pass per minute"). Image folders keep alternating
   * (not measured there).
   */
  public static final Update DIGITS_DCGAN_BN_UPDATE = Update.ONE_PASS;

  /** Collapse is reported (a WARN line) but the run goes on unless asked to stop. */
  public static final boolean STOP_ON_COLLAPSE = false;

  /**
   * The generator that grids show and export/ holds is an exponential moving average of G's weights
   * (train/GeneratorEma): at no training cost it removes most of the step-to-step jitter
   * (docs/QUALITY.md has the measurements); its warm-up makes short runs average their recent
   * steps.
   */
  public static final double EMA_DECAY = 0.999;

  /** export/ is the EMA generator; the raw weights are exported only on request. */
  public static final boolean EXPORT_RAW_GENERATOR = false;

  /** No time budget: epochs and max_steps set the run's length. */
  public static final String TIME_BUDGET = null;

  public static TrainConfig config() {
    return new TrainConfig(
        MODEL,
        DATASET,
        null,
        EPOCHS,
        BATCH_SIZE,
        MAX_STEPS,
        SEED,
        LATENT_DIM,
        NOISE,
        G_HIDDEN,
        D_HIDDEN,
        IMAGE_SIZE,
        CHANNELS,
        BASE_WIDTH,
        D_DROPOUT,
        G_OUTPUT,
        CONDITIONAL,
        CLASSES,
        UPDATE,
        BATCH_SOURCE,
        PRECISION,
        LEARNING_RATE,
        LEARNING_RATE,
        BETA1,
        BETA2,
        EPSILON,
        REAL_LABEL,
        SAMPLE_GRID,
        CHECKPOINT_EVERY,
        KEEP,
        EXPORT_DISCRIMINATOR,
        EVAL_EVERY,
        EVAL_COUNT,
        STOP_ON_COLLAPSE,
        EMA_DECAY,
        EXPORT_RAW_GENERATOR,
        TIME_BUDGET,
        CHECKPOINT_EVERY_MINUTES,
        CHECKPOINT_EVERY_STEPS);
  }
}
