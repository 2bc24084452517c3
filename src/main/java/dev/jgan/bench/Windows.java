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
}
