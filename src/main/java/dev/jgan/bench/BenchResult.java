package dev.jgan.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * One benchmark case: images/s over timed windows (median, min, max), the share of wall time spent
 * outside {@code Session.run}, and the process's peak resident memory so far.
 *
 * @param outsideSessionRun fraction of the timed wall time spent in Java (feeding, fetching, noise,
 *     the loop); NaN where not measured
 * @param opShares with --profile: the op types with the most time in a traced step and their share
 *     of all op time; empty otherwise
 * @param flopsPerStep a training step's arithmetic ({@link StepFlops}); NaN for generation
 * @param opsPerStep with --profile: ops executed per training step (both runs of an alternating
 *     step); NaN otherwise
 * @param devices the towers the step was split over (1: the plain graph)
 */
public record BenchResult(
    String name,
    String kind,
    int batchSize,
    int stepsPerWindow,
    double[] windowImagesPerSec,
    double outsideSessionRun,
    long peakRssMb,
    Map<String, Double> opShares,
    double flopsPerStep,
    double opsPerStep,
    int devices) {

  /** A case timed by {@link Windows#time}, with no profile, FLOP count or Java share. */
  static BenchResult timed(String name, String kind, int batchSize, Windows.Rates rates) {
    return new BenchResult(
        name,
        kind,
        batchSize,
        rates.callsPerWindow(),
        rates.perSecond(),
        Double.NaN,
        PeakMemory.megabytes(),
        Map.of(),
        Double.NaN,
        Double.NaN,
        1);
  }

  public double median() {
    return median(windowImagesPerSec);
  }

  /** Achieved GFLOP/s at the median speed; NaN for generation. */
  public double gflops() {
    return median() / batchSize * flopsPerStep / 1e9;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  public double min() {
    return Arrays.stream(windowImagesPerSec).min().orElse(Double.NaN);
  }

  public double max() {
    return Arrays.stream(windowImagesPerSec).max().orElse(Double.NaN);
  }
}
