package dev.jgan.train.listen;

import dev.jgan.train.StepMetrics;
import dev.jgan.train.loop.RunEnd;
import dev.jgan.train.loop.TrainingListener;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A progress bar with ETA on a terminal (redrawn in place), or a plain line every few seconds when
 * output goes to a file or CI log, so logs stay readable.
 */
public final class ProgressReporter implements TrainingListener {
  private static final int BAR_WIDTH = 24;
  private final PrintStream out;
  private final boolean interactive;
  private final long intervalNanos;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos;
  private long lastStep;
  private long firstStep = -1;

  public ProgressReporter(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
    this.intervalNanos = Duration.ofMillis(interactive ? 200 : 10_000).toNanos();
  }

  @Override
  public void onStep(StepMetrics m) {
    long now = System.nanoTime();
    if (firstStep < 0) {
      firstStep = m.step(); // a resumed run starts past 1: rate and ETA count this session only
    }
    boolean last = m.step() == m.totalSteps();
    if (now - lastPrintNanos < intervalNanos && !last && m.step() != 1) {
      return;
    }
    lastPrintNanos = now;
    lastStep = m.step();
    String line = format(m, m.step() - firstStep + 1, (now - startNanos) / 1e9);
    if (interactive) {
      out.print("\r" + line + "\u001b[K");
      if (last) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void onEnd(RunEnd end) {
    if (interactive && end.steps() != lastStep) {
      out.println();
    }
  }

  static String format(StepMetrics m, long stepsThisSession, double elapsedSeconds) {
    double fraction = (double) m.step() / m.totalSteps();
    double eta = elapsedSeconds / stepsThisSession * (m.totalSteps() - m.step());
    boolean budget = Double.isFinite(m.budgetSecondsLeft());
    if (budget) {
      // Whichever ends the run first: its steps or its time budget.
      eta = Math.min(eta, m.budgetSecondsLeft());
      fraction = Math.max(fraction, elapsedSeconds / (elapsedSeconds + m.budgetSecondsLeft()));
    }
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    // A budget-only run has no meaningful step total: show the steps done.
    boolean stepsBound = !budget || eta < m.budgetSecondsLeft();
    return String.format(
        "epoch %d [%s%s] %3.0f%% step %d%s  d_loss %.3f g_loss %.3f D(x) %.2f D(G(z)) %.2f"
            + "  %.0f img/s  ETA %s",
        m.epoch(),
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled),
        fraction * 100,
        m.step(),
        stepsBound ? "/" + m.totalSteps() : "",
        m.losses().dLoss(),
        m.losses().gLoss(),
        m.losses().dReal(),
        m.losses().dFake(),
        m.imagesPerSecond(),
        duration(eta) + (budget && !stepsBound ? " (time budget)" : ""));
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
