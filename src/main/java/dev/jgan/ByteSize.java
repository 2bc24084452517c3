package dev.jgan;

import java.util.Locale;

/**
 * Sizes as the messages print them: binary units throughout (KiB, MiB, GiB, TiB; 1 MiB = 2^20
 * bytes), as {@code df -h} and file systems count, so a 2 MiB disk never reads "3 MB free".
 */
public final class ByteSize {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private ByteSize() {}

  /** "512 bytes", "1.5 KiB", "2.0 MiB", "5.5 TiB": one decimal. */
  public static String of(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10; // 1 = KiB, 2 = MiB, ...
    double value = bytes / Math.pow(1024, unit);
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit - 1]);
  }
}
