package dev.jgan.bench;

/**
 * How a case is timed: warm-up steps, then timed windows of equal step counts, then (when {@code
 * profileSteps} &gt; 0) that many traced steps for an op profile.
 */
public record Windows(int warmup, int windows, int steps, double targetSeconds, int profileSteps) {
  /**
   * Steps per window: {@link #steps} when set, else as many as fill {@link #targetSeconds} at the
   * speed seen during warm-up (at least one).
   */
  int stepsFor(double secondsPerStep) {
    if (steps > 0) {
      return steps;
    }
    return (int) Math.max(1, Math.round(targetSeconds / Math.max(secondsPerStep, 1e-9)));
  }

  /**
   * Runs the warm-up calls and returns the seconds per call of all but the first: the first call of
   * a session also optimizes its graph (seconds, against milliseconds for an MLP step), and sizing
   * the windows by it made them a hundred times too short (docs/PERFORMANCE.md).
   */
  double warmUp(Runnable call) {
    call.run();
    int timed = Math.max(1, warmup - 1);
    long start = System.nanoTime();
    for (int i = 0; i < timed; i++) {
      call.run();
    }
    return (System.nanoTime() - start) / 1e9 / timed;
  }

  /** What {@link #time} measured: calls per window, and each window's units per second. */
  record Rates(int callsPerWindow, double[] perSecond) {}

  /**
   * Times {@code call}: the warm-up calls, then {@link #windows} windows of equal call counts
   * (sized by {@link #stepsFor} at the warm-up speed), each reported as {@code unitsPerCall} units
   * per second.
   */
  Rates time(Runnable call, double unitsPerCall) {
    int calls = stepsFor(warmUp(call));
    double[] perSecond = new double[windows];
    for (int w = 0; w < perSecond.length; w++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        call.run();
      }
      perSecond[w] = calls * unitsPerCall / ((System.nanoTime() - t0) / 1e9);
    }
    return new Rates(calls, perSecond);
  }
}
