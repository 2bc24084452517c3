package dev.jgan.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a training time budget as people write it: "90s", "15m", "2h", "1h30m", "45" (s). */
public final class TimeBudgets {
  private static final Pattern FORM =
      Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?|(\\d+)", Pattern.CASE_INSENSITIVE);

  /**
   * The epochs of a run that has a budget and no --epochs: in effect unlimited, the budget ends it.
   */
  public static final int UNTIL_BUDGET_EPOCHS = 1_000_000;

  /** The longest budget: far beyond any run, and safe to add to a clock reading in nanoseconds. */
  static final Duration MAX = Duration.ofDays(36_500);

  private static final String TOO_LONG = "too long; give at most 876000h (100 years)";

  private TimeBudgets() {}

  /**
   * @throws IllegalArgumentException (with the forms that are accepted) when {@code text} is not
   *     one of them or is zero
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException("write a duration such as 90s, 15m, 2h or 1h30m");
    }
    Duration d;
    try {
      d =
          m.group(4) != null
              ? Duration.ofSeconds(Long.parseLong(m.group(4)))
              : Duration.ofHours(number(m.group(1)))
                  .plusMinutes(number(m.group(2)))
                  .plusSeconds(number(m.group(3)));
    } catch (ArithmeticException | NumberFormatException e) {
      // Digits beyond a long, or hours beyond Duration's range.
      throw new IllegalArgumentException(TOO_LONG);
    }
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(TOO_LONG);
    }
    if (d.isZero()) {
      throw new IllegalArgumentException("the budget must be longer than 0 s");
    }
    return d;
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }
}
