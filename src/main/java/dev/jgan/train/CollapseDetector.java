package dev.jgan.train;

import dev.jgan.random.NoiseSource;
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
 *       #MIN_CLASS_ENTROPY}.
 * </ul>
 *
 * A streak warns when it reaches the patience and again only after it broke and reformed. {@link
 * #collapse()} holds the first reason found; with {@code --stop-on-collapse} the run polls it with
 * its stop signal.
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

  /** The detector's limits; {@link #DEFAULTS} are the constants above. */
  public record Thresholds(
      float dWinsLoss, float gExplodesLoss, int patience, double blankStd, double minEntropy) {}

  public static final Thresholds DEFAULTS =
      new Thresholds(D_WINS_LOSS, G_EXPLODES_LOSS, PATIENCE, BLANK_STD, MIN_CLASS_ENTROPY);

  private final Thresholds limits;
  private final float[] latents; // null: no blank check
  private final int[] labels; // null when unconditional
  private int dStreak;
  private int gStreak;
  private boolean blankWarned;
  private String collapse;

  /**
   * @param noise the run's noise: the blank check draws {@link #BLANK_SAMPLES} fixed latents
   * @param classes K of a conditional model (labels 0..K-1 in turn), 0 for an unconditional one
   */
  public CollapseDetector(Thresholds limits, NoiseSource noise, int classes) {
    this.limits = limits;
    this.latents = noise == null ? null : noise.sample(0, NoiseSource.FIXED, BLANK_SAMPLES);
    if (classes > 0) {
      labels = new int[BLANK_SAMPLES];
      for (int i = 0; i < BLANK_SAMPLES; i++) {
        labels[i] = i % classes;
      }
    } else {
      labels = null;
    }
  }

  /** Without the blank check (for rules fed by hand). */
  CollapseDetector(Thresholds limits) {
    this(limits, null, 0);
  }

  /** The first collapse found, e.g. "D wins: d_loss < 0.1 for 200 steps (at step 1200)". */
  public Optional<String> collapse() {
    return Optional.ofNullable(collapse);
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
  public void onEpochEnd(int epoch, long step, GanSession session) {
    if (latents != null) {
      samples(epoch, step, session.generate(latents, labels, BLANK_SAMPLES));
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
    }
  }
}
