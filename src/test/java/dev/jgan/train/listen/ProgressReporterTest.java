package dev.jgan.train.listen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.train.StepMetrics;
import dev.jgan.train.StepResult;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private static StepMetrics at(long step) {
    return new StepMetrics(
        step, 2, 10, 50, 100, new StepResult(1.2f, 0.8f, 0.7f, 0.3f), 5000, StepMetrics.NO_BUDGET);
  }

  @Test
  void etaExtrapolatesThisSessionsRate() {
    // 50 steps done in 10 s, 50 to go -> 10 s left.
    String line = ProgressReporter.format(at(50), 50, 10.0);
    assertTrue(line.contains("ETA 0:10"), line);
    assertTrue(line.contains(" 50% step 50/100"), line);
    assertTrue(line.contains("d_loss 1.200 g_loss 0.800 D(x) 0.70 D(G(z)) 0.30"), line);
  }

  @Test
  void resumedRunCountsOnlyItsOwnSteps() {
    // resumed at step 40: 10 steps in 10 s, 50 to go -> 50 s, not 12 s.
    String line = ProgressReporter.format(at(50), 10, 10.0);
    assertTrue(line.contains("ETA 0:50"), line);
  }

  private static StepMetrics withBudget(long step, long total, double secondsLeft) {
    return new StepMetrics(
        step, 1, 1, 50, total, new StepResult(1.2f, 0.8f, 0.7f, 0.3f), 5000, secondsLeft);
  }

  @Test
  void aTimeBudgetThatEndsTheRunFirstSetsTheEtaAndTheBar() {
    // 50 steps in 10 s of a 1,000,000-step run; 30 s of the budget left -> ETA 0:30, 25%.
    String line = ProgressReporter.format(withBudget(50, 1_000_000, 30), 50, 10.0);
    assertTrue(line.contains("ETA 0:30 (time budget)"), line);
    assertTrue(line.contains(" 25% step 50 "), line);
  }

  @Test
  void stepsThatEndTheRunBeforeTheBudgetKeepTheirEta() {
    // 50 steps in 10 s, 50 to go -> 10 s, before the budget's 60 s.
    String line = ProgressReporter.format(withBudget(50, 100, 60), 50, 10.0);
    assertTrue(line.contains("ETA 0:10"), line);
    assertTrue(!line.contains("time budget") && line.contains(" 50% step 50/100"), line);
  }
}
