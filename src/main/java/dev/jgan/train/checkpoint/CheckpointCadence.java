package dev.jgan.train.checkpoint;

import java.util.function.LongSupplier;

/**
 * When a checkpoint is due besides the epoch cadence: every {@code everySteps} steps, and after the
 * step that ends {@code everyMinutes} of training since the last checkpoint. Any step may be one:
 * resume is exact mid-epoch too (data order from (seed, epoch) and the position in the epoch).
 */
public final class CheckpointCadence {
  private final long everySteps;
  private final long everyNanos;
  private final LongSupplier clock;
  private long lastSave;

  /**
   * @param everyMinutes 0 = no time cadence
   * @param everySteps 0 = no step cadence
   * @param clock nanoseconds, as {@link System#nanoTime} (tests pass a fake one)
   */
  public CheckpointCadence(double everyMinutes, long everySteps, LongSupplier clock) {
    this.everySteps = everySteps;
    this.everyNanos = everyMinutes > 0 ? (long) (everyMinutes * 60e9) : Long.MAX_VALUE;
    this.clock = clock;
    this.lastSave = clock.getAsLong();
  }

  /** Whether the step just done should be checkpointed. */
  public boolean due(long step) {
    if (everySteps > 0 && step % everySteps == 0) {
      return true;
    }
    return everyNanos != Long.MAX_VALUE && clock.getAsLong() - lastSave >= everyNanos;
  }

  /** A checkpoint was written now (by any cadence): the time cadence counts from here. */
  public void saved() {
    lastSave = clock.getAsLong();
  }
}
