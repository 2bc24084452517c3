package dev.jgan.train;

/**
 * A number of an epoch's samples that falls when G collapses onto a few images, and which of {@link
 * CollapseDetector}'s limits is its floor.
 */
public interface DiversityMeasure extends AutoCloseable {
  /** What is measured, for the log: e.g. "class entropy". */
  String name();

  /** The measure of {@code count} images in [-1, 1], in G's shape. */
  double of(float[] images, int count);

  /** Below this (one of {@code limits}) the samples count as collapsed. */
  double floor(CollapseDetector.Thresholds limits);

  /** How to read the number, for the warning: e.g. "nats; ln 10 = 2.303 is uniform". */
  String scale();

  @Override
  default void close() {}
}
