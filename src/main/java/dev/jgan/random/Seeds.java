package dev.jgan.random;

import java.util.SplittableRandom;

/**
 * The one seed mixer of the project: every random stream (training noise, labels, the data shuffle,
 * generation's z, evaluation's subsets) is a generator seeded from (run seed, index, stream), so
 * any one of them can be recomputed without replaying the others. The streams are listed here, so
 * that no two uses share one by accident.
 */
public final class Seeds {
  private Seeds() {}

  /** The fixed noise behind every epoch's sample grid (index 0). */
  public static final int FIXED = -1;

  /** The noise (and labels) of D's update at a step (index: the step). */
  public static final int D_STEP = 0;

  /** The noise (and labels) of G's update at a step (index: the step). */
  public static final int G_STEP = 1;

  /** Generation's random z, {@code gan generate} and evaluation alike (index: the image). */
  public static final int GENERATE = 2;

  /** The order in which an epoch visits the training images (index: the epoch). */
  public static final int SHUFFLE = 3;

  /** Evaluation: the test-set subset (index 0). */
  public static final int EVAL_TEST = 4;

  /** Evaluation: the train-set subset of the reference rows (index 0). */
  public static final int EVAL_TRAIN = 5;

  /** Evaluation: the uniform-noise reference images (index 0). */
  public static final int EVAL_NOISE_IMAGES = 6;

  /** Evaluation: KID's random subsets (index 0). */
  public static final int EVAL_KID = 7;

  /**
   * A generator seed of (seed, index, stream). Nearby inputs get unrelated seeds: each term is
   * spread over the 64 bits by an odd multiplier before they are combined, and SplittableRandom
   * mixes its seed again before its first output.
   */
  public static long mix(long seed, long index, int stream) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h ^= (index + 0x632BE59BD9B4E019L) * 0xC2B2AE3D27D4EB4FL;
    h ^= (stream + 0x165667B19E3779F9L) * 0x94D049BB133111EBL;
    return h;
  }

  /** A generator of (seed, index, stream). */
  public static SplittableRandom random(long seed, long index, int stream) {
    return new SplittableRandom(mix(seed, index, stream));
  }
}
