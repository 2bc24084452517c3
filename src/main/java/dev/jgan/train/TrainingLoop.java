package dev.jgan.train;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The Session loop: each step one D update, then one G update, on the next real batch and fresh
 * noise; listeners log, draw and save. The graph draws the noise from (seed, step) (StepInputs), so
 * a run is reproducible and the loop hands the session only the batch.
 *
 * <p>A conditional model trains D on the real batch with its true labels and on G's images with
 * labels drawn uniformly, like the noise, from (seed, step): a resumed run asks G for the classes a
 * straight one would.
 */
public final class TrainingLoop {
  private final GanSession session;
  private final ImageBatches batches;
  private final List<TrainingListener> listeners;

  public TrainingLoop(GanSession session, ImageBatches batches, List<TrainingListener> listeners) {
    this.session = session;
    this.batches = batches;
    this.listeners = List.copyOf(listeners);
  }

  /** Steps a run of this many epochs (and at most maxSteps, 0 = no limit) will take. */
  public static long totalSteps(int epochs, int batchesPerEpoch, long maxSteps) {
    long full = (long) epochs * batchesPerEpoch;
    return maxSteps > 0 ? Math.min(full, maxSteps) : full;
  }

  /** How a run ended: after {@code steps} steps, finished or stopped on request. */
  public record Result(long steps, boolean stopped) {}

  /** {@link #run(long, int, long, Optional, BooleanSupplier)} without a time budget. */
  public Result run(long startStep, int epochs, long maxSteps, BooleanSupplier stopRequested)
      throws IOException {
    return run(startStep, epochs, maxSteps, Optional.empty(), stopRequested);
  }

  /**
   * Trains from {@code startStep} (0 for a new run, the checkpoint's step on resume).
   *
   * @param budget training time of this call: when it is spent the run ends after that step as if
   *     it had reached its last step (grids, finish), unlike a stop request
   * @param stopRequested polled after every step; when true the loop ends after that step
   * @throws TrainingDivergedException when a loss turns NaN or infinite
   */
  public Result run(
      long startStep,
      int epochs,
      long maxSteps,
      Optional<Duration> budget,
      BooleanSupplier stopRequested)
      throws IOException {
    long deadline = System.nanoTime() + budget.map(Duration::toNanos).orElse(Long.MAX_VALUE / 2);
    int perEpoch = batches.batchesPerEpoch();
    long total = totalSteps(epochs, perEpoch, maxSteps);
    long step = startStep;
    while (step < total) {
      int epoch = (int) (step / perEpoch) + 1;
      int batch = (int) (step % perEpoch) + 1;
      long start = System.nanoTime();
      StepResult losses = session.trainStep(step, batches.next());
      step++;
      if (!Float.isFinite(losses.dLoss()) || !Float.isFinite(losses.gLoss())) {
        throw new TrainingDivergedException(step, losses);
      }
      long now = System.nanoTime();
      double seconds = (now - start) / 1e9;
      boolean budgetSpent = now >= deadline;
      if (budgetSpent) {
        total = step; // the budget's last step is the run's last
      }
      double budgetLeft = budget.isPresent() ? (deadline - now) / 1e9 : StepMetrics.NO_BUDGET;
      StepMetrics metrics =
          new StepMetrics(
              step,
              epoch,
              batch,
              perEpoch,
              total,
              losses,
              session.batchSize() / seconds,
              Math.max(0, budgetLeft));
      for (TrainingListener listener : listeners) {
        listener.onStep(metrics);
      }
      if (batch == perEpoch || step == total) {
        for (TrainingListener listener : listeners) {
          listener.onEpochEnd(epoch, step, session);
        }
      }
      if (stopRequested.getAsBoolean() && step < total) {
        return new Result(step, true);
      }
    }
    for (TrainingListener listener : listeners) {
      listener.onFinish(step, session);
    }
    return new Result(step, false);
  }
}
