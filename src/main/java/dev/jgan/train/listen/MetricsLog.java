package dev.jgan.train.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgan.FileTrees;
import dev.jgan.train.StepMetrics;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.RunEnd;
import dev.jgan.train.loop.TrainingListener;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JSON object per step in {@code metrics.jsonl}: easy to tail, grep, or load in pandas. */
public final class MetricsLog implements TrainingListener, Closeable, Flushable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FLUSH_NANOS = 5_000_000_000L;
  private final BufferedWriter out;
  private long lastFlush = System.nanoTime();

  /** A new log; an existing file is replaced. */
  public MetricsLog(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  private MetricsLog(BufferedWriter out) {
    this.out = out;
  }

  /**
   * Continues a run's log after {@code step}: lines of later steps (written after the checkpoint a
   * run resumes from, before it was killed) are dropped so that the log reads as one straight run.
   */
  public static MetricsLog continuing(Path file, long step) throws IOException {
    keepUpTo(file, step);
    return new MetricsLog(
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
  }

  /**
   * Drops the lines of a JSON-lines log ({@code metrics.jsonl}, {@code eval.jsonl}) whose {@code
   * step} is after {@code step}, and a line torn by a kill: what a run wrote after the checkpoint
   * it resumes from. A missing file becomes an empty one.
   */
  public static void keepUpTo(Path file, long step) throws IOException {
    List<String> kept = new ArrayList<>();
    if (Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        long lineStep = stepOf(line);
        if (lineStep <= step) {
          kept.add(line);
        } else if (lineStep == Long.MAX_VALUE && !line.isBlank()) {
          LOG.warn(
              "{} line {}: dropped, not a whole JSON line (torn by a kill mid-write?): {}",
              file,
              i + 1,
              line.length() > 80 ? line.substring(0, 80) + "..." : line);
        }
      }
    }
    FileTrees.writeFile(file, temp -> Files.write(temp, kept, StandardCharsets.UTF_8));
  }

  /** The line's step; MAX_VALUE for a line torn by a kill mid-write, so that it is dropped. */
  private static long stepOf(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.has("step") ? node.get("step").asLong() : Long.MAX_VALUE;
    } catch (JsonProcessingException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void onStep(StepMetrics m) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("step", m.step());
    line.put("epoch", m.epoch());
    line.put("d_loss", m.losses().dLoss());
    line.put("g_loss", m.losses().gLoss());
    line.put("d_real", m.losses().dReal());
    line.put("d_fake", m.losses().dFake());
    line.put("images_per_sec", Math.round(m.imagesPerSecond() * 10) / 10.0);
    out.write(JSON.writeValueAsString(line));
    out.newLine();
    // Flushed every few seconds, so that `tail -f metrics.jsonl` follows a long epoch.
    long now = System.nanoTime();
    if (now - lastFlush > FLUSH_NANOS) {
      out.flush();
      lastFlush = now;
    }
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) throws IOException {
    out.flush();
  }

  @Override
  public void onEnd(RunEnd end) throws IOException {
    out.flush();
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
