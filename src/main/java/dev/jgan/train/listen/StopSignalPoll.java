package dev.jgan.train.listen;

import dev.jgan.train.StepMetrics;
import dev.jgan.train.loop.RunBegin;
import dev.jgan.train.loop.RunControl;
import dev.jgan.train.loop.TrainingListener;
import java.util.function.BooleanSupplier;

/** Polls a stop request (Ctrl-C, SIGTERM) after every step and asks the run to stop on it. */
public final class StopSignalPoll implements TrainingListener {
  private final BooleanSupplier stop;
  private RunControl control;

  public StopSignalPoll(BooleanSupplier stop) {
    this.stop = stop;
  }

  @Override
  public void onBegin(RunBegin begin, RunControl control) {
    this.control = control;
  }

  @Override
  public void onStep(StepMetrics step) {
    if (stop.getAsBoolean()) {
      control.requestStop("stop requested at step " + step.step());
    }
  }
}
