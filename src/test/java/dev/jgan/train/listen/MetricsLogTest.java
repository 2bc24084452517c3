package dev.jgan.train.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.train.StepMetrics;
import dev.jgan.train.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
  @Test
  void continuingDropsLinesAfterTheCheckpointAndATornLastLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.jsonl");
    Files.write(
        file,
        List.of(
            "{\"step\":1,\"d_loss\":1.0}", "{\"step\":2,\"d_loss\":0.9}", "{\"step\":3,\"d_lo"));
    try (MetricsLog log = MetricsLog.continuing(file, 2)) {
      log.onStep(
          new StepMetrics(
              3, 1, 3, 10, 10, new StepResult(0.5f, 0.6f, 0.7f, 0.2f), 100, StepMetrics.NO_BUDGET));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size());
    assertEquals("{\"step\":2,\"d_loss\":0.9}", lines.get(1));
    assertEquals(
        "{\"step\":3,\"epoch\":1,\"d_loss\":0.5,\"g_loss\":0.6,\"d_real\":0.7,\"d_fake\":0.2,"
            + "\"images_per_sec\":100.0}",
        lines.get(2));
  }

  @Test
  void keepUpToTrimsAnEvalLogToTheResumedCheckpoint(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("eval.jsonl");
    Files.write(file, List.of("{\"step\":937,\"fid\":474.5}", "{\"step\":1874,\"fid\":407.8}"));
    MetricsLog.keepUpTo(file, 1000);
    assertEquals(List.of("{\"step\":937,\"fid\":474.5}"), Files.readAllLines(file));
  }
}
