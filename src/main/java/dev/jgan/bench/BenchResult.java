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
    int devices) {

  /** A result on one device. */
  public BenchResult(
      String name,
      String kind,
      int batchSize,
      int stepsPerWindow,
      double[] windowImagesPerSec,
      double outsideSessionRun,
      long peakRssMb,
      Map<String, Double> opShares,
      double flopsPerStep) {
    this(
        name,
        kind,
        batchSize,
        stepsPerWindow,
        windowImagesPerSec,
        outsideSessionRun,
        peakRssMb,
        opShares,
        flopsPerStep,
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
