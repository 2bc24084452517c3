package dev.jgan.config;

import java.util.List;
import java.util.function.Predicate;

/** The checks that several settings of the table share, with their fixes. */
final class Checks {
  private Checks() {}

  static final Predicate<Integer> POSITIVE_INT = value -> value > 0;
  static final Predicate<Long> NOT_NEGATIVE = value -> value >= 0;

  /** Positive and finite (NaN and infinity are refused). */
  static final Predicate<Double> POSITIVE = value -> value > 0 && !Double.isInfinite(value);

  static final String POSITIVE_FIX = "it must be a positive number";

  static final Predicate<Double> UNIT_INTERVAL = value -> value >= 0 && value < 1;

  static final String UNIT_INTERVAL_FIX = "it must be in [0, 1)";

  static final Predicate<List<Integer>> WIDTHS =
      widths -> !widths.isEmpty() && widths.stream().allMatch(w -> w > 0);

  static final String WIDTHS_FIX = "give one or more positive layer widths, e.g. 128,128";
}
