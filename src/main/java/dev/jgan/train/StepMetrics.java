package dev.jgan.train;

/**
 * What the loop reports after each step.
 *
 * @param step steps done so far (1 after the first)
 * @param epoch 1-based
 * @param batch 1-based index of the batch within its epoch
 * @param imagesPerSecond real images consumed per second over this step
 * @param budgetSecondsLeft training time left in the run's time budget (infinite without one)
 */
public record StepMetrics(
    long step,
    int epoch,
    int batch,
    int batchesPerEpoch,
    long totalSteps,
    StepResult losses,
    double imagesPerSecond,
    double budgetSecondsLeft) {
  /** {@code budgetSecondsLeft} of a run without a time budget. */
  public static final double NO_BUDGET = Double.POSITIVE_INFINITY;
}
