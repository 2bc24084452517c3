package dev.jgan.random;

import java.util.SplittableRandom;

/**
 * Latent vectors as a pure function of (seed, step, stream): the noise of any step can be
 * recomputed without replaying earlier ones, which makes runs reproducible and resumable.
 */
public final class NoiseSource {
  /** Stream of the fixed noise behind every epoch's sample grid. */
  public static final int FIXED = Seeds.FIXED;

  /** Stream of the noise of D's update at a step. */
  public static final int D_STEP = Seeds.D_STEP;

  /** Stream of the noise of G's update at a step. */
  public static final int G_STEP = Seeds.G_STEP;

  /** Separates the label generator of (step, stream) from the noise generator. */
  private static final long LABEL_SALT = 0x8CB92BA72F3D8DD7L;

  private final long seed;
  private final int latentDim;
  private final boolean normal;

  /**
   * @param normal N(0, 1) if true, else U[-1, 1] (the seed tutorial's choice)
   */
  public NoiseSource(long seed, int latentDim, boolean normal) {
    this.seed = seed;
    this.latentDim = latentDim;
    this.normal = normal;
  }

  public int latentDim() {
    return latentDim;
  }

  /** Fills {@code out} ([count * latentDim]) with the noise of (step, stream). */
  public void fill(long step, int stream, float[] out) {
    SplittableRandom random = Seeds.random(seed, step, stream);
    for (int i = 0; i < out.length; i++) {
      out[i] = normal ? (float) gaussian(random) : (float) (random.nextDouble() * 2 - 1);
    }
  }

  public float[] sample(long step, int stream, int count) {
    float[] out = new float[count * latentDim];
    fill(step, stream, out);
    return out;
  }

  /**
   * Fills {@code out} with class labels drawn uniformly from [0, classes), a function of (seed,
   * step, stream) like the noise but from a generator of its own, so a conditional run's noise is
   * the unconditional run's noise. The labels G is asked for in the training steps.
   */
  public void fillLabels(long step, int stream, int classes, int[] out) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, step, stream) ^ LABEL_SALT);
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextInt(classes);
    }
  }

  /** Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble(); // (0, 1]: log stays finite
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
