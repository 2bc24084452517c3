package dev.jgan.train;

import dev.jgan.config.Update;

/**
 * A {@link GanSession}'s networks stepped one at a time on chosen batches, and its figures on a
 * batch with no update: what tests compare against closed forms and against each other. The trainer
 * only runs whole steps ({@link GanSession#trainStep}).
 */
public final class ChosenSteps {
  private ChosenSteps() {}

  /** One update of D only; the losses and D's probabilities before the update. */
  public static StepResult discriminatorStep(GanSession s, long step, float[] real, float[] z) {
    return discriminatorStep(s, step, real, null, z, null);
  }

  /** One update of D only, conditional form (labels null for an unconditional model). */
  public static StepResult discriminatorStep(
      GanSession s, long step, float[] real, int[] realLabels, float[] z, int[] fakeLabels) {
    requireAlternating(s);
    return s.run(
        s.feedBatch(real, realLabels, z, fakeLabels).feed(s.graph().stepSeed, s.seed(2 * step)),
        s.graph().dStep);
  }

  /** One update of G only; G's loss before the update. */
  public static float generatorStep(GanSession s, long step, float[] z) {
    return generatorStep(s, step, z, null);
  }

  /** One update of G only, conditional form (labels null for an unconditional model). */
  public static float generatorStep(GanSession s, long step, float[] z, int[] fakeLabels) {
    requireAlternating(s);
    return s.runGenerator(
        s.feedNoise(z, fakeLabels).feed(s.graph().stepSeed, s.seed(2 * step + 1)));
  }

  /** Losses and D's probabilities on a batch (training mode, fixed dropout), changing nothing. */
  public static StepResult evaluate(GanSession s, float[] real, float[] z) {
    return evaluate(s, real, null, z, null);
  }

  /** {@link #evaluate(GanSession, float[], float[])}, conditional form. */
  public static StepResult evaluate(
      GanSession s, float[] real, int[] realLabels, float[] z, int[] fakeLabels) {
    return s.run(s.feedBatch(real, realLabels, z, fakeLabels).feed(s.graph().stepSeed, s.seed(-1)));
  }

  /**
   * A simultaneous graph's updates wait for each other's gradients, and a one-pass G update needs
   * the D update before it: they run only together.
   */
  private static void requireAlternating(GanSession s) {
    if (s.graph().update != Update.ALTERNATING) {
      throw new IllegalStateException(
          "a " + s.graph().update + " graph updates D and G only together, in trainStep");
    }
  }
}
