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

  /** What {@link #time} measured: calls per window, and each window's units per second. */
  record Rates(int callsPerWindow, double[] perSecond) {}

  /**
   * Times {@code call}: the warm-up calls, then {@link #windows} windows of equal call counts
   * (sized by {@link #stepsFor} at the warm-up speed), each reported as {@code unitsPerCall} units
   * per second.
   */
  Rates time(Runnable call, double unitsPerCall) {
    long start = System.nanoTime();
    for (int i = 0; i < warmup; i++) {
      call.run();
    }
    int calls = stepsFor((System.nanoTime() - start) / 1e9 / Math.max(1, warmup));
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
