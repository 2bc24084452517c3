package dev.jgan.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.TrainConfig;
import dev.jgan.run.RunFolder;
import dev.jgan.train.collapse.CollapseDetector;
import dev.jgan.train.listen.EvalListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --stop-on-collapse and --eval-every on tiny runs. */
class CollapseRunTest {
  /** Every step counts as "D wins": a collapse after 3 steps. */
  private static final CollapseDetector.Thresholds FORCED =
      new CollapseDetector.Thresholds(1e9f, 1e9f, 3, 0, 0, 0, 0, Long.MAX_VALUE);

  /** Only the diversity rule, and every epoch's samples fall below its floor. */
  private static final CollapseDetector.Thresholds FORCED_DIVERSITY =
      new CollapseDetector.Thresholds(-1f, 1e9f, 3, 0, 0, 1e9, 1e9, 0);

  private static TrainConfig tiny(boolean stopOnCollapse) {
    return new ConfigResolver()
        .preset("tiny")
        .flags(
            Map.of(
                "epochs", 2, "max_steps", 0L, "batch_size", 8, "stop_on_collapse", stopOnCollapse))
        .resolve();
  }

  private static TrainRun.Outcome run(TrainConfig config, Path dir) throws Exception {
    return run(config, dir, FORCED);
  }

  private static TrainRun.Outcome run(
      TrainConfig config, Path dir, CollapseDetector.Thresholds limits) throws Exception {
    RunFolder folder = RunFolder.check(dir);
    TrainConfig resolved = config;
    folder.create();
    return TrainRun.train(
        new TrainRun.Request(
            resolved,
            TrainRunTest.stripes(40),
            folder,
            Optional.empty(),
            new TrainRun.Console(new PrintStream(new ByteArrayOutputStream()), false, () -> false),
            limits));
  }

  @Test
  void theDiversityRuleStopsARunAtAnEpochsEnd(@TempDir Path dir) throws Exception {
    TrainRun.Outcome outcome = run(tiny(true), dir.resolve("run"), FORCED_DIVERSITY);
    assertEquals(5, outcome.steps(), "40 images in batches of 8: the first epoch's end");
    assertTrue(outcome.stopped());
    assertTrue(outcome.collapsed().startsWith("few distinct samples"), outcome.collapsed());
  }

  @Test
  void stopOnCollapseEndsTheRunEarlyWithACheckpoint(@TempDir Path dir) throws Exception {
    TrainRun.Outcome outcome = run(tiny(true), dir.resolve("run"));
    assertEquals(3, outcome.steps(), "10 steps planned, stopped after the 3-step streak");
    assertTrue(outcome.stopped());
    assertTrue(outcome.collapsed().startsWith("D wins"), outcome.collapsed());
    assertTrue(Files.exists(outcome.checkpoint().resolve("model.index")));
    assertFalse(Files.exists(outcome.folder().export()), "a collapsed run is not exported");
  }

  @Test
  void withoutTheFlagACollapseOnlyWarns(@TempDir Path dir) throws Exception {
    TrainRun.Outcome outcome = run(tiny(false), dir.resolve("run"));
    assertEquals(10, outcome.steps());
    assertFalse(outcome.stopped());
    assertNull(outcome.collapsed());
  }

  @Test
  void evalEveryWritesEvalJsonlTensorBoardAndExportBest(@TempDir Path dir) throws Exception {
    Path mnist = dev.jgan.eval.EvaluationRealDataTest.sharedMnist();
    assumeTrue(Files.exists(mnist), "needs " + mnist + " (absent: skipped)");
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(
                Map.of(
                    "epochs", 2,
                    "max_steps", 0L,
                    "batch_size", 8,
                    "eval_every", 1,
                    "eval_count", 20,
                    "data", mnist.toString()))
            .resolve();
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    TrainRun.Outcome outcome =
        TrainRun.startNew(
            config,
            TrainRunTest.stripes(40),
            folder,
            new TrainRun.Console(new PrintStream(new ByteArrayOutputStream()), false, () -> false));
    assertEquals(10, outcome.steps());
    List<String> lines = Files.readAllLines(folder.evalLog());
    assertEquals(2, lines.size(), "one evaluation per epoch");
    double bestFid = Double.POSITIVE_INFINITY;
    long bestStep = -1;
    for (int i = 0; i < 2; i++) {
      JsonNode line = ConfigResolver.JSON.readTree(lines.get(i));
      assertEquals(5L * (i + 1), line.get("step").asLong());
      assertEquals(i + 1, line.get("epoch").asInt());
      for (String key : List.of("fid", "kid", "class_entropy")) {
        assertTrue(line.get(key).isNumber() && Double.isFinite(line.get(key).asDouble()), key);
      }
      if (line.get("fid").asDouble() < bestFid) {
        bestFid = line.get("fid").asDouble();
        bestStep = line.get("step").asLong();
      }
    }
    assertTrue(Files.exists(folder.exportBest().resolve("saved_model.pb")));
    JsonNode best =
        ConfigResolver.JSON.readTree(folder.exportBest().resolve(EvalListener.BEST_FILE).toFile());
    assertEquals(bestStep, best.get("step").asLong());
    assertEquals(bestFid, best.get("fid").asDouble(), 1e-9);
    List<String> tags = new java.util.ArrayList<>();
    for (org.tensorflow.proto.Event event :
        dev.jgan.monitor.EventFiles.read(folder.tensorboard())) {
      for (org.tensorflow.proto.Summary.Value value : event.getSummary().getValueList()) {
        tags.add(value.getTag());
      }
    }
    assertTrue(tags.contains("eval/fid") && tags.contains("eval/kid"), tags.toString());
    assertTrue(tags.contains("eval/class_entropy"));
    try (var left = Files.list(folder.root())) {
      assertTrue(
          left.noneMatch(p -> p.getFileName().toString().startsWith(".")), "temp folders removed");
    }
  }
}
