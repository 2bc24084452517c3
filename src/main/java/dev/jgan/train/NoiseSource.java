package dev.jgan.train;

import java.util.SplittableRandom;

/**
 * Latent vectors as a pure function of (seed, step, stream): the noise of any step can be
 * recomputed without replaying earlier ones, which makes runs reproducible and resumable.
 */
public final class NoiseSource {
  /** Stream of the fixed noise behind every epoch's sample grid. */
  public static final int FIXED = -1;

  /** Stream of the noise of D's update at a step. */
  public static final int D_STEP = 0;

  /** Stream of the noise of G's update at a step. */
  public static final int G_STEP = 1;

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
    SplittableRandom random = new SplittableRandom(mix(seed, step, stream));
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
    SplittableRandom random = new SplittableRandom(mix(seed, step, stream) ^ LABEL_SALT);
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

  private static long mix(long seed, long step, int stream) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h ^= (step + 0x632BE59BD9B4E019L) * 0xC2B2AE3D27D4EB4FL;
    h ^= (stream + 0x165667B19E3779F9L) * 0x94D049BB133111EBL;
    return h;
  }
}
