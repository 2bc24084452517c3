package dev.jgan.train.loop;

import dev.jgan.train.StepResult;

/** A loss became NaN or infinite: further steps would only spread NaNs through the weights. */
public final class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(long step, StepResult losses) {
    super(
        "training diverged at step "
            + step
            + " (d_loss "
            + losses.dLoss()
            + ", g_loss "
            + losses.gLoss()
            + "); lower --g-lr/--d-lr or change --seed");
  }
}
