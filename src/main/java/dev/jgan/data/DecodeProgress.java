package dev.jgan.data;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log line of a first decoding pass every few seconds: images done, rate and, when the total is
 * known (folders, zips), the time left. Decoding 250,000 photos takes minutes, and a silent program
 * looks hung.
 */
final class DecodeProgress {
  private static final Logger log = LoggerFactory.getLogger(DecodeProgress.class);

  static final long INTERVAL_NANOS = 5_000_000_000L;

  private final Path source;
  private final long total;
  private final LongSupplier clock;
  private final long start;
  private long lastLine;
  private long done;

  /**
   * @param total the images expected, or -1 when unknown (a tar is read once, as a stream)
   */
  DecodeProgress(Path source, long total, LongSupplier clock) {
    this.source = source;
    this.total = total;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastLine = start;
  }

  /** Counts one more file handled (decoded or skipped); logs when the interval has passed. */
  synchronized void one() {
    done++;
    long now = clock.getAsLong();
    if (now - lastLine >= INTERVAL_NANOS) {
      lastLine = now;
      log.info("{}", line(now));
    }
  }

  synchronized long done() {
    return done;
  }

  /** Images per second so far. */
  synchronized double rate() {
    double seconds = (clock.getAsLong() - start) / 1e9;
    return seconds > 0 ? done / seconds : 0;
  }

  synchronized double seconds() {
    return (clock.getAsLong() - start) / 1e9;
  }

  /** "decoding SOURCE: 12,000 of 250,000 images, 1,850/s, ETA 2m 10s" (no ETA without a total). */
  String line(long now) {
    double seconds = (now - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    StringBuilder line = new StringBuilder("decoding ").append(source).append(": ");
    line.append(String.format("%,d", done));
    if (total >= 0) {
      line.append(String.format(" of %,d", total));
    }
    line.append(String.format(" images, %,.0f/s", rate));
    if (total >= 0 && rate > 0) {
      line.append(", ETA ").append(duration(Math.max(0, total - done) / rate));
    }
    return line.toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format("%dh %02dm", s / 3600, s % 3600 / 60);
    }
    return s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
  }
}
