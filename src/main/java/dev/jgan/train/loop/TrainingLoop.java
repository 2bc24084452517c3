package dev.jgan.train.loop;

import dev.jgan.train.GanSession;
import dev.jgan.train.StepMetrics;
import dev.jgan.train.StepResult;
import dev.jgan.train.batches.RealBatchSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Session loop: each step one D update, then one G update, on the next real batch and fresh
 * noise; listeners log, draw and save. The graph draws the noise from (seed, step) (StepInputs), so
 * a run is reproducible and the loop hands the session only the batch.
 *
 * <p>A conditional model trains D on the real batch with its true labels and on G's images with
 * labels drawn uniformly, like the noise, from (seed, step): a resumed run asks G for the classes a
 * straight one would.
 *
 * <p>The loop tells its {@link TrainingEvents} of the begin, each step and each epoch's end (with
 * the sample grid drawn for it) and, after a step's events, ends the run when a listener asked for
 * a stop. The end event is the run's to send, after its last checkpoint and export.
 */
public final class TrainingLoop {
  private final GanSession session;
  private final RealBatchSource batches;
  private final Supplier<BufferedImage> grid;
  private final TrainingEvents events;

  /**
   * @param grid draws the sample grid of G as it is now, at each epoch's end
   */
  public TrainingLoop(
      GanSession session,
      RealBatchSource batches,
      Supplier<BufferedImage> grid,
      TrainingEvents events) {
    this.session = session;
    this.batches = batches;
    this.grid = grid;
    this.events = events;
  }

  /** Steps a run of this many epochs (and at most maxSteps, 0 = no limit) will take. */
  public static long totalSteps(int epochs, int batchesPerEpoch, long maxSteps) {
    long full = (long) epochs * batchesPerEpoch;
    return maxSteps > 0 ? Math.min(full, maxSteps) : full;
  }

  /** How a run ended: after {@code steps} steps, finished or stopped on request. */
  public record Result(long steps, boolean stopped) {}

  /**
   * Trains from {@code startStep} (0 for a new run, the checkpoint's step on resume).
   *
   * @param budget training time of this call: when it is spent the run ends after that step as if
   *     it had reached its last step (grids, finish), unlike a stop request
   * @throws TrainingDivergedException when a loss turns NaN or infinite
   */
  public Result run(long startStep, int epochs, long maxSteps, Optional<Duration> budget)
      throws IOException {
    long deadline = System.nanoTime() + budget.map(Duration::toNanos).orElse(Long.MAX_VALUE / 2);
    int perEpoch = batches.batchesPerEpoch();
    long total = totalSteps(epochs, perEpoch, maxSteps);
    long step = startStep;
    events.begin(new RunBegin(startStep, total, perEpoch));
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
      events.step(metrics);
      if (batch == perEpoch || step == total) {
        events.epochEnd(new EpochEnd(epoch, step, grid.get()));
      }
      if (events.stopRequested() && step < total) {
        return new Result(step, true);
      }
    }
    return new Result(step, false);
  }
}
