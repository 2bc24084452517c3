package dev.jgan.train.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgan.config.ConfigResolver;
import dev.jgan.config.Noise;
import dev.jgan.config.TrainConfig;
import dev.jgan.eval.Evaluation;
import dev.jgan.eval.EvaluationRealDataTest;
import dev.jgan.eval.EvaluationReport;
import dev.jgan.eval.Evaluator;
import dev.jgan.model.GanModel;
import dev.jgan.run.RunFolder;
import dev.jgan.train.GanSession;
import dev.jgan.train.TestModels;
import dev.jgan.train.TrainRun;
import dev.jgan.train.loop.EpochEnd;
import dev.jgan.train.loop.EvaluationDone;
import dev.jgan.train.loop.TrainingEvents;
import dev.jgan.train.loop.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --eval-every}: what an in-training evaluation scores; skipped without ../shared/data. */
class EvalListenerTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /**
   * Two evaluations through one listener load the classifier once: they share the Evaluator it
   * opens at the first, which closing the listener closes.
   */
  @Test
  void opensOneEvaluatorForAllEvaluations(@TempDir Path dir) throws Exception {
    Path mnist = EvaluationRealDataTest.sharedMnist();
    assumeTrue(Files.exists(mnist), "needs " + mnist + " (absent: skipped)");
    GanModel model = TestModels.tinyMlp();
    RunFolder folder = new RunFolder(Files.createDirectories(dir.resolve("run")));
    Evaluation.Request template =
        new Evaluation.Request(
            null, "mnist", Optional.of(mnist), 20, 3, null, dir.resolve("cache"));
    List<Evaluator> opened = new ArrayList<>();
    List<Long> observed = new ArrayList<>();
    try (GanSession session = new GanSession(model, TestModels.settings(3), 4);
        EvalListener listener =
            new EvalListener(
                session,
                model,
                false,
                folder,
                1,
                template,
                Noise.UNIFORM,
                request -> {
                  Evaluator evaluator = Evaluator.open(request, QUIET);
                  opened.add(evaluator);
                  return evaluator;
                })) {
      TrainingListener observer =
          new TrainingListener() {
            @Override
            public void onEvaluation(EvaluationDone evaluation) {
              observed.add(evaluation.step());
            }
          };
      TrainingEvents events = new TrainingEvents(List.of(listener, observer));
      events.begin(new dev.jgan.train.loop.RunBegin(0, 10, 5));
      events.epochEnd(new EpochEnd(1, 5, null));
      events.epochEnd(new EpochEnd(2, 10, null));
      assertEquals(List.of(5L, 10L), observed, "two evaluations ran");
      assertEquals(2, Files.readAllLines(folder.evalLog()).size());
      assertEquals(1, opened.size(), "one Evaluator, so one classifier load, for both");
    }
    Path best = folder.exportBest();
    assertThrows(
        IllegalStateException.class,
        () -> opened.get(0).evaluate(best, null),
        "closed with the listener");
  }

  /**
   * A run with noise=normal is evaluated on normal z: its eval.jsonl FID is what {@code gan
   * evaluate} reports for export-best/ (the same export, read with the run's config.json). The
   * listener scores a temporary export outside the run folder, where no config.json names the
   * noise: before it passed the run's noise on, that export was read with uniform z.
   */
  @Test
  void evaluatesWithTheRunsNoise(@TempDir Path dir) throws Exception {
    Path mnist = EvaluationRealDataTest.sharedMnist();
    assumeTrue(Files.exists(mnist), "needs " + mnist + " (absent: skipped)");
    TrainConfig config =
        new ConfigResolver()
            .preset("tiny")
            .flags(
                Map.of(
                    "epochs", 1,
                    "max_steps", 0L,
                    "batch_size", 8,
                    "noise", "normal",
                    "eval_every", 1,
                    "eval_count", 50,
                    "data", mnist.toString()))
            .resolve();
    RunFolder folder = RunFolder.check(dir.resolve("run"));
    TrainRun.startNew(
        config,
        TestModels.stripes(40),
        folder,
        new TrainRun.Console(new PrintStream(new ByteArrayOutputStream()), false, () -> false));
    List<String> lines = Files.readAllLines(folder.evalLog());
    assertEquals(1, lines.size());
    JsonNode line = ConfigResolver.JSON.readTree(lines.get(0));

    EvaluationReport report =
        Evaluation.run(
            new Evaluation.Request(
                folder.exportBest(),
                "mnist",
                Optional.of(mnist),
                config.evalCount(),
                config.seed(),
                null,
                dir.resolve("cache")),
            QUIET);
    assertEquals("normal", report.noise(), "export-best/ is read with the run's config.json");
    assertEquals(report.generated().fid(), line.get("fid").asDouble(), 1e-9, line.toString());
    assertEquals(report.generated().kid().mean(), line.get("kid").asDouble(), 1e-12);
  }
}
